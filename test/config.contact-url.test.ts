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
    expect(sent('https://example.org/c\r\nX-Evil: 1')).toMatch(/^refused: [\s\S]*CONTACT_URL/);
  });

  it('a value with a space is refused: the User-Agent would name an address that does not exist', () => {
    expect(sent('https://example.org/contact us')).toMatch(/^refused: [\s\S]*CONTACT_URL/);
  });

  it('a user name and password in the address are refused, not sent to every site polled', () => {
    expect(sent('https://ops:s3cret@example.org/contact')).not.toContain('s3cret');
    expect(sent('https://ops:s3cret@example.org/contact')).toMatch(
      /CONTACT_URL: must not contain a user name or password/,
    );
  });

  it('a bracket that would close the User-Agent comment early is refused', () => {
    expect(sent('https://example.org/x)(y')).toMatch(/^refused: [\s\S]*CONTACT_URL/);
  });

  it('a well-formed address is sent exactly as configured', () => {
    const url = 'https://example.org/contact%20us?team=ops#bots';
    expect(sent(url)).toMatch(/^care-review-bot\/\S+ \(\+https:\/\/example\.org\/contact%20us\?team=ops#bots\)$/);
    expect(sent(`  ${url}\n`)).toBe(sent(url));
  });
});
