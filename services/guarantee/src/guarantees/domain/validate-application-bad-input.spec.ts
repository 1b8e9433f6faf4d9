import { applicationProblems } from './validate-application';
import type { ApplicationInput } from './types';

const valid: ApplicationInput = {
  principal: '2000000',
  termMonths: 12,
  coverageRatio: '0.80',
  counterGuarantees: [{ kind: 'ip_pledge', valuationId: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }],
};
const fields = (over: Partial<ApplicationInput>) =>
  applicationProblems({ ...valid, ...over }).map((p) => p.field);

describe('an application for a guarantee', () => {
  it('passes as a bank would send it', () => {
    expect(applicationProblems(valid)).toEqual([]);
    expect(fields({ coverageRatio: '1' })).toEqual([]);
  });

  it('needs a coverage ratio in (0, 1]', () => {
    for (const coverageRatio of ['0', '0.00', '1.01', '-0.5', '80%', ''])
      expect(fields({ coverageRatio })).toEqual(['coverageRatio']);
  });

  it('needs a term of at least a month and a principal above zero', () => {
    expect(fields({ termMonths: 0 })).toEqual(['termMonths']);
    expect(fields({ termMonths: -3 })).toEqual(['termMonths']);
    expect(fields({ termMonths: 1.5 })).toEqual(['termMonths']);
    expect(fields({ principal: '0' })).toEqual(['principal']);
    expect(fields({ principal: '1e6' })).toEqual(['principal']);
  });

  it('names the counter-guarantee that is wrong, and one pledged twice', () => {
    const id = '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f';
    expect(
      fields({
        counterGuarantees: [
          { kind: 'mortgage', valuationId: id },
          { kind: 'ip_pledge', valuationId: 'x' },
          { kind: 'ip_pledge', valuationId: id },
        ],
      }),
    ).toEqual([
      'counterGuarantees[0].kind',
      'counterGuarantees[1].valuationId',
      'counterGuarantees[2].valuationId',
    ]);
  });
});
