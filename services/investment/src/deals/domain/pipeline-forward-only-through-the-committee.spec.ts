import { closableFrom, stageMoveRefusal } from './pipeline';

describe('the deal pipeline: forward only, never around the committee', () => {
  it('moves forward a stage at a time, or several', () => {
    expect(stageMoveRefusal('sourcing', 'screening', false)).toBeNull();
    expect(stageMoveRefusal('screening', 'due_diligence', false)).toBeNull();
    expect(stageMoveRefusal('sourcing', 'committee', false)).toBeNull();
  });

  it('refuses a backward move or standing still', () => {
    expect(stageMoveRefusal('due_diligence', 'screening', false)?.rule).toBe('not-forward');
    expect(stageMoveRefusal('committee', 'committee', false)?.rule).toBe('not-forward');
  });

  it('rejects from any open stage', () => {
    for (const stage of [
      'sourcing',
      'screening',
      'due_diligence',
      'committee',
      'term_sheet',
    ] as const)
      expect(stageMoveRefusal(stage, 'rejected', false)).toBeNull();
  });

  it('lets nothing move a deal that is closed or rejected', () => {
    expect(stageMoveRefusal('closed', 'rejected', true)?.rule).toBe('deal-closed');
    expect(stageMoveRefusal('rejected', 'screening', false)?.rule).toBe('deal-closed');
  });

  it('reaches a term sheet only with the committee passed, so the committee cannot be skipped', () => {
    expect(stageMoveRefusal('committee', 'term_sheet', false)?.rule).toBe('committee-not-passed');
    expect(stageMoveRefusal('due_diligence', 'term_sheet', false)?.rule).toBe(
      'committee-not-passed',
    );
    expect(stageMoveRefusal('committee', 'term_sheet', true)).toBeNull();
  });

  it('closes only by closing, from the committee or the term sheet', () => {
    expect(stageMoveRefusal('term_sheet', 'closed', true)?.rule).toBe('close-by-closing');
    expect(closableFrom('committee')).toBe(true);
    expect(closableFrom('term_sheet')).toBe(true);
    expect(closableFrom('due_diligence')).toBe(false);
    expect(closableFrom('closed')).toBe(false);
  });
});
