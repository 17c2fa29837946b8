import type { SiteConfig } from '../config/load.ts';
import type { SourceEdit } from './protocol.ts';
import type { SourceParts } from './source-parts.ts';

export function editRows(parts: SourceParts, edit: Exclude<SourceEdit, { op: 'set' }>, config: SiteConfig): string {
  void config;
  void edit;
  return parts.text;
}
