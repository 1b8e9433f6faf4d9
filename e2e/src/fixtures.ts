import { validPatentNumber } from '@tf/testing';

/**
 * The assets the end-to-end tests send, as a bank sends them; each call a fresh, valid number.
 * `extra` changes or adds fields (a title, an IPC class, another legal status).
 */

/** A granted invention patent, for a valuation. */
export const grantedInvention = (extra: Record<string, unknown> = {}) => ({
  kind: 'patent',
  number: validPatentNumber('invention'),
  title: '一种芯片封装散热结构',
  patentType: 'invention',
  filedOn: '2022-03-02',
  grantedOn: '2024-06-20',
  legalStatus: 'granted',
  ...extra,
});

/** An invention patent offered on the market, for a listing. */
export const listedInvention = (extra: Record<string, unknown> = {}) => ({
  kind: 'patent',
  number: validPatentNumber('invention'),
  title: '一种硫化物固态电解质 A sulfide solid electrolyte',
  patentType: 'invention',
  ipcClass: 'H01M',
  expiresOn: '2041-03-01',
  ...extra,
});
