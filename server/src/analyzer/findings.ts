/** What the analyzer reports. Positions are 0-based character offsets into the file's text. */

export type RuleCode =
  | 'DUR000' | 'DUR001' | 'DUR002' | 'DUR003' | 'DUR004' | 'DUR005' | 'DUR006' | 'DUR007'
  | 'DUR008' | 'DUR009' | 'DUR010' | 'DUR011' | 'DUR012' | 'DUR013';

export type Severity = 'error' | 'warning' | 'information';

export interface TextEdit {
  fileName: string;
  start: number;
  end: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants; editors may apply it with one keystroke. */
  isPreferred: boolean;
}

export interface Finding {
  fileName: string;
  code: RuleCode;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: QuickFix[];
}
