/** The centers every deployment knows (ARCHITECTURE.md "Seeded centers"). */
export const SEEDED_CENTERS = [
  { code: 'jinan', name: '济南科技金融服务中心 (Jinan)' },
  { code: 'liaocheng', name: '山东科技金融服务中心聊城中心 (Liaocheng)' },
  { code: 'beijing', name: '济南科技金融大厦北京中心 (Beijing)' },
] as const;
