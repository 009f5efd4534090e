/**
 * How a warehouse grades what comes back: the grade codes, the checklist an inspector answers per
 * category, and the disposition each category and grade lead to. Loaded from GRADING_RULES_FILE at
 * start-up; a bad file stops the start with every bad field named.
 */
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORY_PATTERN,
  DISPOSITIONS,
  GRADE_PATTERN,
  validatePlain,
  type Disposition,
  type FieldViolation,
} from '@rebound/contracts';

const ANY_CATEGORY = '*';
const CATEGORY_RULE = new RegExp(`^(\\*|${CATEGORY_PATTERN.source.slice(1, -1)})$`);
export const CHECKLIST_KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

export class GradeDefinition {
  @Matches(GRADE_PATTERN) code!: string;
  @IsString() @Length(1, 200) description!: string;
}

export class ChecklistItem {
  @Matches(CHECKLIST_KEY_PATTERN) key!: string;
  @IsString() @Length(1, 200) question!: string;
  /** A "no" means the serial number or IMEI is not the one sold: the line is flagged serial_mismatch. */
  @IsOptional() @IsBoolean() serialCheck?: boolean;
}

export class CategoryChecklist {
  /** A category, or `*` for every category without a list of its own. */
  @Matches(CATEGORY_RULE) category!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ChecklistItem) items!: ChecklistItem[];
}

export class DispositionRule {
  @Matches(CATEGORY_RULE) category!: string;
  @Matches(GRADE_PATTERN) grade!: string;
  @IsIn(DISPOSITIONS) disposition!: Disposition;
}

export class GradingRulesDocument {
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => GradeDefinition) grades!: GradeDefinition[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => CategoryChecklist) checklists!: CategoryChecklist[];
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => DispositionRule)
  dispositions!: DispositionRule[];
}

export class InvalidGradingRulesError extends Error {
  constructor(readonly violations: readonly FieldViolation[]) {
    super(`grading rules are invalid: ${violations.map(({ field, message }) => `${field}: ${message}`).join('; ')}`);
    this.name = 'InvalidGradingRulesError';
  }
}

export class GradingRules {
  private constructor(readonly document: GradingRulesDocument) {}

  static parse(json: unknown): GradingRules {
    const validation = validatePlain(GradingRulesDocument, json, { unknownFields: 'reject' });
    if (!validation.valid) throw new InvalidGradingRulesError(validation.violations);
    const violations = consistencyViolations(validation.value);
    if (violations.length > 0) throw new InvalidGradingRulesError(violations);
    return new GradingRules(validation.value);
  }

  get grades(): readonly GradeDefinition[] {
    return this.document.grades;
  }

  isGrade(code: string): boolean {
    return this.document.grades.some((grade) => grade.code === code);
  }

  /** Nothing when `grade` is one of the grades; otherwise the problem, naming the grades there are. */
  gradeProblems(grade: string): FieldViolation[] {
    if (this.isGrade(grade)) return [];
    const codes = this.grades.map((known) => known.code).join(', ');
    return [{ field: 'grade', message: `must be one of the grades ${codes}` }];
  }

  /** The category's own checklist, or the `*` one. */
  checklist(category: string): readonly ChecklistItem[] {
    const own = this.document.checklists.find((list) => list.category === category);
    return (own ?? this.document.checklists.find((list) => list.category === ANY_CATEGORY))?.items ?? [];
  }

  disposition(category: string, grade: string): Disposition {
    const rule =
      this.document.dispositions.find((candidate) => candidate.category === category && candidate.grade === grade) ??
      this.document.dispositions.find((candidate) => candidate.category === ANY_CATEGORY && candidate.grade === grade);
    // consistencyViolations makes sure `*` covers every grade.
    if (!rule) throw new Error(`no disposition for grade ${grade}`);
    return rule.disposition;
  }
}

/** What single fields cannot say: grades and keys are unique, and every grade has a disposition for `*`. */
function consistencyViolations(document: GradingRulesDocument): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const codes = new Set<string>();
  document.grades.forEach((grade, index) => {
    if (codes.has(grade.code))
      violations.push({ field: `grades[${index}].code`, message: `${grade.code} is listed twice` });
    codes.add(grade.code);
  });
  const categories = new Set<string>();
  document.checklists.forEach((list, index) => {
    if (categories.has(list.category)) {
      violations.push({ field: `checklists[${index}].category`, message: `${list.category} has two checklists` });
    }
    categories.add(list.category);
    const keys = new Set<string>();
    list.items.forEach((item, itemIndex) => {
      if (keys.has(item.key)) {
        violations.push({
          field: `checklists[${index}].items[${itemIndex}].key`,
          message: `${item.key} is asked twice`,
        });
      }
      keys.add(item.key);
    });
  });
  const ruled = new Set<string>();
  document.dispositions.forEach((rule, index) => {
    if (!codes.has(rule.grade)) {
      violations.push({ field: `dispositions[${index}].grade`, message: `${rule.grade} is not one of the grades` });
    }
    const key = `${rule.category}/${rule.grade}`;
    if (ruled.has(key)) violations.push({ field: `dispositions[${index}]`, message: `${key} has two rules` });
    ruled.add(key);
  });
  for (const code of codes) {
    if (!ruled.has(`${ANY_CATEGORY}/${code}`)) {
      violations.push({ field: 'dispositions', message: `grade ${code} needs a rule for category *` });
    }
  }
  return violations;
}
