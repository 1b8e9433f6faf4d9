import { formatLogLine } from './log-format';

describe('devstack log lines', () => {
  it('shows time, service, level, message and the remaining fields', () => {
    const line = JSON.stringify({
      level: 30,
      time: '2026-11-26T12:04:05.000Z',
      service: 'tenancy',
      msg: 'centers seeded',
      centers: ['jinan'],
    });
    expect(formatLogLine('tenancy', line)).toBe(
      '12:04:05 tenancy    INFO  centers seeded {"centers":["jinan"]}',
    );
  });

  it('passes through lines that are not JSON', () => {
    expect(formatLogLine('gateway', 'plain text')).toMatch(
      /^\d\d:\d\d:\d\d gateway {4}plain text$/,
    );
  });
});
