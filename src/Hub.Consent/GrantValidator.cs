using Hub.Consent.Identifiers;
using Hub.Consent.Internal;

namespace Hub.Consent;

/// <summary>
/// Checks a grant against C1, C2, C4 and C6 before it is recorded. Reads no clock: a grant may start in
/// the past (a paper form signed last week) or the future.
/// </summary>
public static class GrantValidator
{
    /// <returns>
    /// Every violation, in <see cref="GrantField"/> order; empty when the grant may be recorded. The server
    /// reports the first.
    /// </returns>
    public static IReadOnlyList<GrantViolation> Validate(ConsentGrant grant, DateOnly personBirthDate, ConsentPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(policy);
        var violations = new List<GrantViolation>();
        RequireId(grant.Person, GrantField.Person, violations);
        RequireId(grant.Recipient, GrantField.Recipient, violations);
        RequireSpecified(grant.Purpose, GrantField.Purpose, violations);
        CheckCategories(grant, violations);
        CheckSensitiveAcknowledged(grant, violations);
        CheckSources(grant.SourceAgencies, violations);
        CheckPeriod(grant, policy, violations);
        CheckGrantor(grant, personBirthDate, policy, violations);
        RequireSpecified(grant.CollectionMethod, GrantField.CollectionMethod, violations);
        RequireId(grant.RecordedBy, GrantField.RecordedBy, violations);
        return violations;
    }

    /// <summary>C1: at least one category, each a real one.</summary>
    private static void CheckCategories(ConsentGrant grant, List<GrantViolation> violations)
    {
        if (grant.Categories.Count == 0)
        {
            violations.Add(new(GrantField.Categories, GrantFault.NoCategories));
        }

        foreach (var category in grant.Categories)
        {
            if (!CategoryMask.IsCategory(category))
            {
                violations.Add(new(GrantField.Categories, GrantFault.UnknownCategory, category));
            }
        }
    }

    /// <summary>
    /// C4, both ways: every sensitive category listed is acknowledged, and every acknowledgement is of a
    /// sensitive category that is listed — a stray one means the form and the grant disagree.
    /// </summary>
    private static void CheckSensitiveAcknowledged(ConsentGrant grant, List<GrantViolation> violations)
    {
        foreach (var category in grant.Categories.Where(c => c.IsSensitive()).Distinct())
        {
            if (!grant.SensitiveAcknowledged.Contains(category))
            {
                violations.Add(new(GrantField.SensitiveAcknowledged, GrantFault.SensitiveNotAcknowledged, category));
            }
        }

        foreach (var category in grant.SensitiveAcknowledged)
        {
            if (!category.IsSensitive())
            {
                violations.Add(new(GrantField.SensitiveAcknowledged, GrantFault.AcknowledgedNotSensitive, category));
            }
            else if (!grant.Categories.Contains(category))
            {
                violations.Add(new(GrantField.SensitiveAcknowledged, GrantFault.AcknowledgedNotListed, category));
            }
        }
    }

    private static void CheckSources(IReadOnlyList<AgencyId> sources, List<GrantViolation> violations)
    {
        if (sources.Any(source => source == default))
        {
            violations.Add(new(GrantField.SourceAgencies, GrantFault.EmptySourceAgency));
        }
    }

    /// <summary>C2: an expiry, after the start, and within the policy's period counted in calendar years.</summary>
    private static void CheckPeriod(ConsentGrant grant, ConsentPolicy policy, List<GrantViolation> violations)
    {
        if (grant.ExpiresAt is not { } expiresAt)
        {
            violations.Add(new(GrantField.ExpiresAt, GrantFault.NoExpiry));
        }
        else if (expiresAt <= grant.ValidFrom)
        {
            violations.Add(new(GrantField.ExpiresAt, GrantFault.ExpiryNotAfterStart));
        }
        else if (expiresAt > LatestExpiry(grant.ValidFrom, policy.MaxPeriodYears))
        {
            violations.Add(new(GrantField.ExpiresAt, GrantFault.ExpiryTooFar));
        }
    }

    /// <summary>Calendar years, so a leap day in between doesn't shorten the period; 29 February plus whole years lands on 28 February.</summary>
    private static DateTimeOffset LatestExpiry(DateTimeOffset validFrom, int years) =>
        validFrom.Year < DateTimeOffset.MaxValue.Year - years ? validFrom.AddYears(years) : DateTimeOffset.MaxValue;

    /// <summary>C6: a minor at <c>valid_from</c> can only be consented for by a legal guardian.</summary>
    private static void CheckGrantor(ConsentGrant grant, DateOnly personBirthDate, ConsentPolicy policy, List<GrantViolation> violations)
    {
        if (!RequireSpecified(grant.GrantedBy, GrantField.GrantedBy, violations))
        {
            return;
        }

        if (grant.GrantedBy != GrantorRole.LegalGuardian && policy.IsMinorAt(personBirthDate, grant.ValidFrom))
        {
            violations.Add(new(GrantField.GrantedBy, GrantFault.MinorWithoutGuardian));
        }
    }

    private static void RequireId<TId>(TId id, GrantField field, List<GrantViolation> violations)
        where TId : struct, IOpaqueId<TId>
    {
        if (id.Value is null)
        {
            violations.Add(new(field, GrantFault.Missing));
        }
    }

    private static bool RequireSpecified<TEnum>(TEnum value, GrantField field, List<GrantViolation> violations)
        where TEnum : struct, Enum
    {
        if (Enum.IsDefined(value) && !value.Equals(default(TEnum)))
        {
            return true;
        }

        violations.Add(new(field, GrantFault.Missing));
        return false;
    }
}
