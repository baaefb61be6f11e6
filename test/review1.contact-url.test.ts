import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { fetchOptionsFor } from '../src/sources/fetch-settings.ts';

/** The User-Agent every request would send with this CONTACT_URL, or the error that refuses it. */
function sent(contactUrl: string): string {
  try {
    return fetchOptionsFor(loadConfig({ CONTACT_URL: contactUrl }, { dotenv: false })).userAgent;
  } catch (error) {
    return `refused: ${String(error)}`;
  }
}

describe('CONTACT_URL as sent to every publisher', () => {
  it('a value with CR/LF is refused, not silently turned into another address', () => {
    // Today the CR/LF are dropped and "https://example.org/cX-Evil: 1" is sent as the contact.
    expect(sent('https://example.org/c\r\nX-Evil: 1')).toMatch(/^refused: .*CONTACT_URL/);
  });

  it('a value with a space is refused: the User-Agent would name an address that does not exist', () => {
    expect(sent('https://example.org/contact us')).toMatch(/^refused: .*CONTACT_URL/);
  });

  it('a user name and password in the address are refused, not sent to every site polled', () => {
    expect(sent('https://ops:s3cret@example.org/contact')).not.toContain('s3cret');
  });

  it('a bracket that would close the User-Agent comment early is refused', () => {
    expect(sent('https://example.org/x)(y')).toMatch(/^refused: .*CONTACT_URL/);
  });
});
