/** Code-unit order: Kubernetes names are ASCII, and Intl collation (localeCompare) is ~10× slower. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
