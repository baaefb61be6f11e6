import { isUtf8 } from 'node:buffer';
import { MIMEType } from 'node:util';
import { decodeBuffer, getEncoding } from 'encoding-sniffer';

function headerCharset(contentType: string): string | undefined {
  try {
    return new MIMEType(contentType).params.get('charset') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The encoding a body is in, by the HTML sniffing rules cheerio uses (byte-order mark, then the
 * Content-Type header, then the XML declaration or a meta tag; UTF-8 when nothing says). One repair
 * on top: when UTF-8 was chosen (by the header or by default) but the bytes are not UTF-8, the header
 * is the usual server default and wrong, so the document's own declaration decides, else Windows-1252.
 */
export function bodyEncoding(bytes: Buffer, contentType: string): string {
  const encoding = getEncoding(bytes, {
    transportLayerEncodingLabel: headerCharset(contentType),
    defaultEncoding: 'utf-8',
  });
  if (encoding.toLowerCase() !== 'utf-8' || isUtf8(bytes)) return encoding;
  return getEncoding(bytes, { defaultEncoding: 'windows-1252' });
}

/** Decodes a response body in the encoding it is in (see bodyEncoding), without a byte-order mark. */
export function decodeBody(bytes: Uint8Array, contentType: string): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return decodeBuffer(buffer, { userEncoding: bodyEncoding(buffer, contentType) }).replace(/^\uFEFF/, '');
}
