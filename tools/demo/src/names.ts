import type { Rng } from './rng';

/** Industries as a center classifies its SMEs, each with IPC subclasses its patents fall in. */
export const INDUSTRIES = [
  {
    code: 'integrated-circuits',
    words: ['芯片', '微电子', '半导体', '集成电路'],
    ipc: ['H01L', 'G06F'],
  },
  { code: 'new-materials', words: ['新材料', '纳米', '高分子', '碳纤维'], ipc: ['C08L', 'C01B'] },
  { code: 'biomedicine', words: ['生物', '医药', '基因', '医疗器械'], ipc: ['A61K', 'C12N'] },
  {
    code: 'intelligent-manufacturing',
    words: ['智能装备', '机器人', '数控', '激光'],
    ipc: ['B23K', 'G05B'],
  },
  { code: 'software', words: ['软件', '数据', '云计算', '信息'], ipc: ['G06Q', 'H04L'] },
  { code: 'new-energy', words: ['新能源', '储能', '光伏', '氢能'], ipc: ['H02J', 'F03D'] },
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/**
 * IPC subclasses of the patents put on the exchange: none of the valued patents' subclasses, so
 * a sale in this demo never becomes a comparable of a valuation and every conclusion stays the
 * income method's (valuation-math.ts).
 */
export const LISTING_IPC = ['H01M', 'G06N', 'A61B', 'B25J', 'C07D', 'H04W'] as const;

const BRANDS = [
  '华',
  '泰',
  '鲁',
  '齐',
  '瑞',
  '恒',
  '信',
  '博',
  '创',
  '远',
  '天',
  '海',
  '晟',
  '睿',
  '宏',
  '达',
  '安',
  '智',
  '云',
  '科',
  '源',
  '新',
  '中',
  '盛',
  '德',
  '嘉',
  '凯',
  '航',
  '正',
  '同',
];

/** A company name: city, a two-character brand, the industry's word, then 科技有限公司. */
export function companyName(rng: Rng, city: string, industry: Industry): string {
  const brand = rng.pick(BRANDS) + rng.pick(BRANDS);
  return `${city}${brand}${rng.pick(industry.words)}科技有限公司`;
}

const OBJECTS = [
  '封装结构',
  '检测装置',
  '控制系统',
  '制备方法',
  '数据处理方法',
  '散热组件',
  '传感器',
  '电极材料',
];
const QUALIFIERS = ['高效', '低功耗', '可重构', '自适应', '模块化', '高精度', '柔性', '绿色'];

export function patentTitle(rng: Rng, industry: Industry): string {
  return `一种${rng.pick(QUALIFIERS)}${rng.pick(industry.words)}${rng.pick(OBJECTS)}`;
}
