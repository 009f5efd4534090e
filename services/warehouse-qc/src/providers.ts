/** Injection tokens for the ports and settings of warehouse-qc the Nest modules provide (CLOCK and TRANSACTIONS come from @rebound/service). */
export const QC_CONFIG = Symbol('QcConfig');
export const GRADING_RULES = Symbol('GradingRules');
export const INSPECTIONS_VIEW = Symbol('InspectionsView');
