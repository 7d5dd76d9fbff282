namespace Hub.Consent;

/// <summary>One thing wrong with a grant.</summary>
/// <param name="Reason">What kind of fault it is.</param>
/// <param name="Field">The GrantConsent field at fault, as the proto spells it (ErrorInfo metadata <c>field</c>).</param>
/// <param name="Message">A sentence for the person at the partner system.</param>
/// <param name="Category">The category concerned, for <see cref="GrantViolationReason.SensitiveCategoryNotAcknowledged"/>.</param>
public sealed record GrantViolation(GrantViolationReason Reason, string Field, string Message, DataCategory? Category = null);
