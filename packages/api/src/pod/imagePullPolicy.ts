/**
 * The default `imagePullPolicy` of a container: `Always` when its image names the tag `latest`
 * or no tag and no digest (which reads as `latest`), else `IfNotPresent`. An image that is not a
 * valid reference (empty, upper-case repository, a bad tag) gets `IfNotPresent`, as kube ignores
 * the parse error there and finds no tag.
 *
 * The reference grammar is distribution/reference's: `[domain/]path[:tag][@digest]`, path
 * components lower-case, the domain any host name (upper case allowed) with an optional port, a
 * name at most 255 characters.
 * Upstream: pkg/apis/core/v1/defaults.go (SetDefaults_Container), pkg/util/parsers/parsers.go
 * (ParseImageName), github.com/distribution/reference/regexp.go
 */

const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const reference = new RegExp(`^((?:${domain}/)?${pathComponent}(?:/${pathComponent})*)(?::(${tag}))?(?:@(${digest}))?$`);

/** The tag an image names ('latest' when it names neither a tag nor a digest); undefined when the image is no valid reference. */
export function imageTag(image: string): string | undefined {
  // A bare 64-hex-digit name reads as an image ID, which ParseNormalizedNamed refuses.
  if (/^[a-f0-9]{64}$/.test(image)) return undefined;
  const m = reference.exec(image);
  if (!m || m[1]!.length > 255) return undefined;
  return m[2] ?? (m[3] ? '' : 'latest');
}

export function defaultImagePullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  return typeof image === 'string' && imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}
