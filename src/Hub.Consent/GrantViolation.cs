namespace Hub.Consent;

/// <summary>One thing wrong with a grant.</summary>
/// <param name="Field">The part of the grant at fault.</param>
/// <param name="Fault">What is wrong with it.</param>
/// <param name="Category">The category concerned, for the category faults.</param>
public sealed record GrantViolation(GrantField Field, GrantFault Fault, DataCategory? Category = null)
{
    /// <summary>The kind of fault, as the API reports it.</summary>
    public GrantViolationReason Reason => Fault switch
    {
        GrantFault.NoExpiry => GrantViolationReason.ExpiryRequired,
        GrantFault.ExpiryTooFar => GrantViolationReason.ExpiryTooFar,
        GrantFault.SensitiveNotAcknowledged => GrantViolationReason.SensitiveCategoryNotAcknowledged,
        GrantFault.MinorWithoutGuardian => GrantViolationReason.GuardianRequired,
        _ => GrantViolationReason.InvalidField,
    };
}
