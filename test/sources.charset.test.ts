import { describe, expect, it } from 'vitest';
import { decodeBody } from '../src/sources/decode-body.ts';
import { parseFeed } from '../src/sources/parse-feed.ts';

const TITLE = 'Children’s services: café “naïve” £5 – résumé';

function rss(encodingLabel: string | undefined, title = TITLE): string {
  const declaration = encodingLabel ? `<?xml version="1.0" encoding="${encodingLabel}"?>` : '<?xml version="1.0"?>';
  return `${declaration}\n<rss version="2.0"><channel><title>Feed</title><item><title>${title}</title><link>https://example.org/a</link></item></channel></rss>`;
}

async function firstTitle(bytes: Uint8Array, contentType: string): Promise<string | undefined> {
  return (await parseFeed(decodeBody(bytes, contentType)))[0]?.title;
}

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);

describe('decoding a feed body', () => {
  it('lets a UTF-8 byte-order mark win over a header that says otherwise', async () => {
    const bytes = Buffer.concat([BOM_UTF8, Buffer.from(rss('UTF-8'))]);
    expect(await firstTitle(bytes, 'application/rss+xml; charset=ISO-8859-1')).toBe(TITLE);
    expect(decodeBody(bytes, 'text/xml; charset=windows-1252').startsWith('<?xml')).toBe(true);
  });

  it('decodes UTF-16 feeds with a byte-order mark, little- and big-endian', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss('UTF-16'), 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(rss('UTF-16'))]);
    expect(await firstTitle(le, 'application/rss+xml')).toBe(TITLE);
    expect(await firstTitle(be, 'application/rss+xml')).toBe(TITLE);
    // The header's label is wrong for these bytes; the mark is not.
    expect(await firstTitle(le, 'application/rss+xml; charset=utf-8')).toBe(TITLE);
  });

  it('believes the XML declaration when a header says UTF-8 over bytes that are not UTF-8', async () => {
    const title = 'Café naïve résumé £5';
    const bytes = Buffer.from(rss('ISO-8859-1', title), 'latin1');
    const decoded = await firstTitle(bytes, 'application/rss+xml; charset=UTF-8');
    expect(decoded).toBe(title);
    expect(decoded).not.toContain('\uFFFD');
  });

  it('keeps a header that says UTF-8 when the bytes are valid UTF-8, whatever the declaration says', async () => {
    // A mislabelled declaration is common on feeds re-encoded by a CMS; the valid bytes and the header agree.
    expect(await firstTitle(Buffer.from(rss('ISO-8859-1')), 'application/rss+xml; charset=utf-8')).toBe(TITLE);
  });

  it('shows declared Windows-1252 correctly, by header or by declaration', async () => {
    const windows1252 = Buffer.from(rss('windows-1252', 'Children\x92s services \x93quoted\x94 \x96 \x80 5'), 'latin1');
    const expected = 'Children’s services “quoted” – € 5';
    expect(await firstTitle(windows1252, 'application/rss+xml')).toBe(expected);
    const noDeclaration = Buffer.from(rss(undefined, 'Children\x92s services \x93quoted\x94 \x96 \x80 5'), 'latin1');
    expect(await firstTitle(noDeclaration, 'application/rss+xml; charset="Windows-1252"')).toBe(expected);
  });

  it('reads UTF-8 without any label, and drops the byte-order mark', () => {
    expect(decodeBody(Buffer.concat([BOM_UTF8, Buffer.from(rss(undefined))]), '')).toBe(rss(undefined));
    expect(decodeBody(Buffer.from(rss(undefined)), 'application/rss+xml')).toBe(rss(undefined));
  });
});
