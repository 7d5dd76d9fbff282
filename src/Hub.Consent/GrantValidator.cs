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
    /// Every violation, in GrantConsent field order; empty when the grant may be recorded. The server
    /// reports the first.
    /// </returns>
    public static IReadOnlyList<GrantViolation> Validate(ConsentGrant grant, DateOnly personBirthDate, ConsentPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(policy);
        var violations = new List<GrantViolation>();
        RequireId(grant.Person, "person_id", violations);
        RequireId(grant.Recipient, "recipient_agency_id", violations);
        RequireSpecified(grant.Purpose, "purpose", violations);
        CheckCategories(grant, violations);
        CheckSensitiveAcknowledged(grant, violations);
        CheckSources(grant.SourceAgencies, violations);
        CheckPeriod(grant, policy, violations);
        CheckGrantor(grant, personBirthDate, policy, violations);
        RequireSpecified(grant.CollectionMethod, "collection_method", violations);
        RequireId(grant.RecordedBy, "recorded_by_agency_id", violations);
        return violations;
    }

    /// <summary>C1: at least one category, each a real one.</summary>
    private static void CheckCategories(ConsentGrant grant, List<GrantViolation> violations)
    {
        if (grant.Categories.Count == 0)
        {
            violations.Add(Invalid("categories", "categories must name at least one data category."));
        }

        foreach (var category in grant.Categories)
        {
            if (!CategoryMask.IsCategory(category))
            {
                violations.Add(Invalid("categories", $"categories holds {category.ApiName()}, which is no data category."));
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
                violations.Add(new GrantViolation(GrantViolationReason.SensitiveCategoryNotAcknowledged, "sensitive_acknowledged",
                    $"{category.ApiName()} is sensitive: the person must consent to it separately, and sensitive_acknowledged must name it.", category));
            }
        }

        foreach (var category in grant.SensitiveAcknowledged)
        {
            if (!category.IsSensitive())
            {
                violations.Add(Invalid("sensitive_acknowledged", $"sensitive_acknowledged holds {category.ApiName()}, which is not a sensitive category."));
            }
            else if (!grant.Categories.Contains(category))
            {
                violations.Add(Invalid("sensitive_acknowledged", $"sensitive_acknowledged names {category.ApiName()}, which categories does not list."));
            }
        }
    }

    private static void CheckSources(IReadOnlyList<AgencyId> sources, List<GrantViolation> violations)
    {
        if (sources.Any(source => source == default))
        {
            violations.Add(Invalid("source_agency_ids", "source_agency_ids holds an empty agency id."));
        }
    }

    /// <summary>C2: an expiry, after the start, and within the policy's period counted in calendar years.</summary>
    private static void CheckPeriod(ConsentGrant grant, ConsentPolicy policy, List<GrantViolation> violations)
    {
        if (grant.ExpiresAt is not { } expiresAt)
        {
            violations.Add(new GrantViolation(GrantViolationReason.ExpiryRequired, "expires_at",
                "expires_at is required: every consent must say when it ends."));
        }
        else if (expiresAt <= grant.ValidFrom)
        {
            violations.Add(Invalid("expires_at", "expires_at must lie after valid_from."));
        }
        else if (expiresAt > LatestExpiry(grant.ValidFrom, policy.MaxPeriodYears))
        {
            violations.Add(new GrantViolation(GrantViolationReason.ExpiryTooFar, "expires_at",
                $"expires_at may lie at most {policy.MaxPeriodYears} years after valid_from."));
        }
    }

    /// <summary>Calendar years, so a leap day in between doesn't shorten the period; 29 February plus whole years lands on 28 February.</summary>
    private static DateTimeOffset LatestExpiry(DateTimeOffset validFrom, int years) =>
        validFrom.Year < DateTimeOffset.MaxValue.Year - years ? validFrom.AddYears(years) : DateTimeOffset.MaxValue;

    /// <summary>C6: a minor at <c>valid_from</c> can only be consented for by a legal guardian.</summary>
    private static void CheckGrantor(ConsentGrant grant, DateOnly personBirthDate, ConsentPolicy policy, List<GrantViolation> violations)
    {
        if (!RequireSpecified(grant.GrantedBy, "granted_by", violations))
        {
            return;
        }

        var startDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(grant.ValidFrom, policy.BirthdayTimeZone).DateTime);
        if (grant.GrantedBy != GrantorRole.LegalGuardian && Age.InYears(personBirthDate, startDate) < policy.AgeOfMajority)
        {
            violations.Add(new GrantViolation(GrantViolationReason.GuardianRequired, "granted_by",
                $"The person is under {policy.AgeOfMajority} at valid_from, so the consent must be given by a legal guardian."));
        }
    }

    private static void RequireId<TId>(TId id, string field, List<GrantViolation> violations)
        where TId : struct, IOpaqueId<TId>
    {
        if (id.Value is null)
        {
            violations.Add(Invalid(field, $"{field} is required."));
        }
    }

    private static bool RequireSpecified<TEnum>(TEnum value, string field, List<GrantViolation> violations)
        where TEnum : struct, Enum
    {
        if (Enum.IsDefined(value) && !value.Equals(default(TEnum)))
        {
            return true;
        }

        violations.Add(Invalid(field, $"{field} is missing or not a value the API defines."));
        return false;
    }

    private static GrantViolation Invalid(string field, string message) => new(GrantViolationReason.InvalidField, field, message);
}
