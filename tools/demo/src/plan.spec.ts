import { buildPlan, ARTICLE, CREDIT_MAX_PRINCIPAL, splitExactly } from './plan';

describe('the plan: the seed article’s figures, from the seed alone', () => {
  const plan = buildPlan(2026, '2026-12-03');
  const center = (code: string) => plan.centers.find((c) => c.spec.code === code)!;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it('is the same plan for the same seed and anchor day, and another for another seed', () => {
    expect(JSON.stringify(buildPlan(2026, '2026-12-03'))).toBe(JSON.stringify(plan));
    expect(JSON.stringify(buildPlan(2027, '2026-12-03'))).not.toBe(JSON.stringify(plan));
  });

  it('Jinan: 1,831 distinct patents valued ≈ ¥680M, 240 enterprises guaranteed ¥300M, ≈ ¥5B of loans', () => {
    const jinan = center('jinan');
    const patents = jinan.valuations.flatMap((v) => v.patents.map((p) => p.number));
    expect(new Set(patents).size).toBe(ARTICLE.patentsValued);
    expect(Math.abs(sum(jinan.valuations.map((v) => v.value)) - ARTICLE.valuedTotal)).toBeLessThan(
      500,
    );
    expect(new Set(jinan.guarantees.map((g) => g.enterprise)).size).toBe(
      ARTICLE.enterprisesGuaranteed,
    );
    expect(sum(jinan.guarantees.map((g) => g.guaranteedAmount))).toBe(ARTICLE.guaranteedAmount);
    expect(Math.abs(jinan.targets.loanAmount - ARTICLE.loanAmount)).toBeLessThan(10_000);
  });

  it('Liaocheng at a fifth and Beijing at a tenth of Jinan', () => {
    for (const [code, scale] of [
      ['liaocheng', 0.2],
      ['beijing', 0.1],
    ] as const) {
      const t = center(code).targets;
      expect(t.patentsValued).toBe(Math.round(ARTICLE.patentsValued * scale));
      expect(Math.abs(t.valuedTotal - ARTICLE.valuedTotal * scale)).toBeLessThan(500);
      expect(t.enterprisesGuaranteed).toBe(ARTICLE.enterprisesGuaranteed * scale);
      expect(t.guaranteedAmount).toBe(ARTICLE.guaranteedAmount * scale);
      expect(Math.abs(t.loanAmount - ARTICLE.loanAmount * scale)).toBeLessThan(10_000);
    }
  });

  it('asks only for what the services accept: products’ limits, one loan of a product per enterprise, guarantees within the institution’s one-client limit', () => {
    for (const c of plan.centers) {
      const limits = {
        'ip-pledge': [100_000, 30_000_000],
        guaranteed: [100_000, 20_000_000],
        credit: [50_000, CREDIT_MAX_PRINCIPAL],
        linked: [500_000, 10_000_000],
      } as const;
      for (const loan of c.loans) {
        const [min, max] = limits[loan.product];
        expect(loan.principal).toBeGreaterThanOrEqual(min);
        expect(loan.principal).toBeLessThanOrEqual(max);
        expect(Number.isInteger(loan.principal * 100)).toBe(true);
      }
      const keys = c.loans.map((l) => `${l.enterprise}|${l.product}`);
      expect(new Set(keys).size).toBe(keys.length);
      // The smallest seeded institution (Liaocheng, ¥60M) allows ¥6M for one client.
      for (const g of c.guarantees) expect(g.guaranteedAmount).toBeLessThanOrEqual(6_000_000);
      for (const g of c.guarantees)
        expect(g.principal * Number(g.coverageRatio)).toBe(g.guaranteedAmount);
      expect(c.fund.capitalCalls.reduce((n, call) => n + call.amount, 0)).toBeLessThanOrEqual(
        c.fund.size,
      );
      expect(c.targets.investedAmount).toBeLessThanOrEqual(c.fund.size);
    }
  });

  it('dates: valuations stated within the last 11 months, patents granted before and outliving 8 years, deals over three years', () => {
    for (const c of plan.centers) {
      for (const v of c.valuations) {
        expect(v.referenceDate >= '2026-01-06' && v.referenceDate < '2026-12-03').toBe(true);
        for (const p of v.patents) {
          expect(p.grantedOn <= v.referenceDate).toBe(true);
          const term = p.patentType === 'invention' ? 20 : 10;
          const expires = `${Number(p.filedOn.slice(0, 4)) + term}${p.filedOn.slice(4)}`;
          expect(
            expires > `${Number(v.referenceDate.slice(0, 4)) + 8}${v.referenceDate.slice(4)}`,
          ).toBe(true);
        }
      }
      for (const d of c.deals)
        expect(d.closedOn >= '2023-12-01' && d.closedOn < '2026-12-03').toBe(true);
    }
  });

  it('splits a total into parts of whole units that add up exactly', () => {
    const parts = splitExactly(300_000_000, [0.3, 1.7, 2.2, 0.9, 1.1, 0.45, 1.6], 10_000);
    expect(sum(parts)).toBe(300_000_000);
    for (const p of parts) expect(p % 10_000).toBe(0);
  });
});
