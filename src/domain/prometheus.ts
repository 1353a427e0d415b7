/**
 * The Prometheus text exposition format (version 0.0.4): metric families with HELP and TYPE
 * lines, then one sample per line with escaped label values.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/
 */
export type Labels = Record<string, string>;

export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: { name?: string; labels?: Labels; value: number }[];
}

export const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8';

export function renderMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(`${sample.name ?? family.name}${labelText(sample.labels)} ${numberText(sample.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function labelText(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`).join(',')}}`;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
