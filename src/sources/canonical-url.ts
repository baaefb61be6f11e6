const TRACKING_PARAMETERS =
  /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|igshid|ref_src|wt_mc|wt\.mc_id|cmpid|at_medium|at_campaign|at_custom\d*|rss)$/i;

/**
 * The one URL a story is known by: resolved against the page it came from, with tracking parameters
 * and the fragment removed. Returns undefined for anything that is not an http(s) URL.
 */
export function canonicalUrl(link: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMETERS.test(name)) url.searchParams.delete(name);
  }
  return url.toString();
}
