package dev.pulse.app.dashboard;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips each browser test, saying why, where Chromium and its driver are not installed. Judged per
 * test rather than for the class, so that the report lists every test as skipped with the reason;
 * the class's own setup returns early on its own ({@link HeadlessChromium#isInstalled()}).
 */
final class NeedsChromium implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty() || HeadlessChromium.isInstalled()) {
      return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed, or not a test");
    }
    return ConditionEvaluationResult.disabled("the dashboard browser tests need " + HeadlessChromium.CHROMIUM
        + " and " + HeadlessChromium.CHROMEDRIVER + " (apt-get install chromium chromium-driver; or "
        + "-Dpulse.chromium=… -Dpulse.chromedriver=…)");
  }
}
