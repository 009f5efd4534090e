import { destinationProblem, isNonPublicAddress, resolvedDestinationProblem } from './destination';

const NONE = new Set<string>();

describe('where webhooks may go', () => {
  it.each([
    'https://oms.example.com/hooks/rebound',
    'http://helpdesk.example.org:8080/in?source=rebound',
    'https://93.184.216.34/hooks',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/hooks',
  ])('accepts a public http(s) destination: %s', (url) => {
    expect(destinationProblem(url, NONE)).toBeUndefined();
  });

  it.each([
    ['not a url', /absolute http/],
    ['ftp://files.example.com/x', /http:\/\/ or https:\/\//],
    ['file:///etc/passwd', /http:\/\/ or https:\/\//],
    ['https://user:pass@oms.example.com/', /credentials/],
    ['https://oms.example.com/#frag', /fragment/],
    ['http://127.0.0.1:3001/v1/returns', /private, loopback or reserved address \(127\.0\.0\.1\)/],
    ['http://10.1.2.3/', /10\.1\.2\.3/],
    ['http://172.20.0.5/', /172\.20\.0\.5/],
    ['http://192.168.1.1/', /192\.168\.1\.1/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254/],
    ['http://[::1]/', /::1/],
    ['http://[fd00::1]/', /fd00::1/],
    ['http://[::ffff:127.0.0.1]/', /::ffff:7f00:1/],
    ['http://0.0.0.0/', /0\.0\.0\.0/],
    ['http://localhost:3006/', /internal host name \(localhost\)/],
    ['http://postgres/', /internal host name \(postgres\)/],
    ['http://refunds.rebound.svc.cluster.local/', /internal host name/],
    ['http://metadata.google.internal/', /internal host name/],
  ])('refuses %s', (url, problem) => {
    expect(destinationProblem(url, NONE)).toMatch(problem);
  });

  it('lets the allow-list through what would otherwise be internal, and only that', () => {
    const allowed = new Set(['127.0.0.1', 'merchant-sim']);

    expect(destinationProblem('http://127.0.0.1:4000/hooks', allowed)).toBeUndefined();
    expect(destinationProblem('http://merchant-sim:4000/hooks', allowed)).toBeUndefined();
    expect(destinationProblem('http://127.0.0.2/hooks', allowed)).toMatch(/127\.0\.0\.2/);
  });

  it('refuses a public name that resolves to an internal address (DNS rebinding), unless allowed', () => {
    expect(resolvedDestinationProblem('oms.example.com', ['93.184.216.34'], NONE)).toBeUndefined();
    expect(resolvedDestinationProblem('evil.example.com', ['93.184.216.34', '10.0.0.8'], NONE)).toMatch(
      /resolves to an address that is not public \(10\.0\.0\.8\)/,
    );
    expect(resolvedDestinationProblem('merchant-sim', ['172.18.0.4'], new Set(['merchant-sim']))).toBeUndefined();
  });

  it('counts anything that is not an IP address as not public', () => {
    expect(isNonPublicAddress('example.com')).toBe(true);
    expect(isNonPublicAddress('8.8.8.8')).toBe(false);
    expect(isNonPublicAddress('100.64.0.1')).toBe(true);
  });
});
