/**
 * The guarantee institutions of the centers the network starts with (tenancy's seed-centers.ts):
 * Jinan's has net assets of ¥200,000,000 (the figure); the other two are smaller. A center
 * created later starts with an institution of no net assets, so nothing can be approved there
 * until its admin states them.
 */
export const SEED_INSTITUTIONS: Readonly<Record<string, { name: string; netAssets: string }>> = {
  jinan: {
    name: '济南科技融资担保有限公司 (Jinan Tech Financing Guarantee)',
    netAssets: '200000000.00',
  },
  liaocheng: {
    name: '聊城科技融资担保有限公司 (Liaocheng Tech Financing Guarantee)',
    netAssets: '60000000.00',
  },
  beijing: {
    name: '北京科技融资担保有限公司 (Beijing Tech Financing Guarantee)',
    netAssets: '150000000.00',
  },
};

export function institutionFor(
  code: string,
  centerName: string,
): { name: string; netAssets: string } {
  return (
    SEED_INSTITUTIONS[code] ?? { name: `${centerName} guarantee institution`, netAssets: '0.00' }
  );
}
