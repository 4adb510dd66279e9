import type { Rule } from '../analysis/ruleContext';
import { activityInputRule } from './activityInput';
import { activityNameRule } from './activityNames';
import { apiUsageRule } from './apiUsage';
import { contextLoggingRule } from './contextLogging';
import { currentTimeConstructionRule } from './currentTime';
import { floatingTaskRule } from './floatingTasks';
import { moduleEnvironmentRule } from './moduleEnvironment';
import { moduleStateRule } from './moduleState';
import { nonDurableAwaitRule } from './nonDurableAwait';
import { unboundedLoopRule } from './unboundedLoops';

export const ALL_RULES: readonly Rule[] = [
  apiUsageRule,
  contextLoggingRule,
  currentTimeConstructionRule,
  nonDurableAwaitRule,
  floatingTaskRule,
  activityNameRule,
  activityInputRule,
  moduleStateRule,
  moduleEnvironmentRule,
  unboundedLoopRule,
];
