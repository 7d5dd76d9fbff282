using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Hub.Consent;
using Hub.Consent.Identifiers;
using Hub.Consents;

namespace Hub.Rpc;

/// <summary>Field checks shared by the services; each failure is INVALID_ARGUMENT / INVALID_FIELD naming the field.</summary>
internal static class Validate
{
    /// <summary>Reasons (for a link, a disable, later a revocation) are a sentence or two, not a case file.</summary>
    public const int MaxReasonLength = 500;

    public static string RequiredText(string value, string field, int maxLength)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            throw Errors.InvalidField(field, $"{field} is required.");
        }

        return trimmed.Length <= maxLength ? trimmed : throw Errors.InvalidField(field, $"{field} may be at most {maxLength} characters.");
    }

    public static string? OptionalText(string value, string field, int maxLength)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : RequiredText(trimmed, field, maxLength);
    }

    /// <summary>
    /// An agency id the request names; a malformed one is INVALID_FIELD. The message does not repeat
    /// the value: it may be anything, of any length.
    /// </summary>
    public static AgencyId AgencyIdField(string value, string field) =>
        OpaqueId.TryParse<AgencyId>(value, out var agency) ? agency : throw Errors.InvalidField(field, $"{field} holds a value that is not an agency id.");

    /// <summary>Each of a repeated agency id field, checked as <see cref="AgencyIdField"/> with its index in the field path.</summary>
    public static IEnumerable<AgencyId> AgencyIdFields(IEnumerable<string> values, string field) =>
        values.Select((value, index) => AgencyIdField(value, $"{field}[{index}]"));

    /// <summary>A value of the enum other than its zero UNSPECIFIED, and not a number the proto does not define.</summary>
    public static TEnum DefinedEnum<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0
            ? value
            : throw Errors.InvalidField(field, $"{field} must be one of {string.Join(", ", Enum.GetNames<TEnum>().Skip(1))}.");

    /// <summary>An ISO 8601 calendar date (YYYY-MM-DD) no later than <paramref name="latest"/>.</summary>
    public static DateOnly PastDate(string value, string field, DateOnly latest)
    {
        var date = Date(value, field);
        return date <= latest && date.Year >= 1900 ? date : throw Errors.InvalidField(field, $"{field} must lie between 1900-01-01 and today.");
    }

    /// <summary>A calendar day written YYYY-MM-DD (ISO 8601).</summary>
    public static DateOnly Date(string value, string field) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw Errors.InvalidField(field, $"{field} must be a date written YYYY-MM-DD.");

    /// <summary>A well-formed timestamp (seconds within years 1–9999, nanos below a second), or null when the field was left out.</summary>
    public static DateTimeOffset? OptionalInstant(Timestamp? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return value.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw Errors.InvalidField(field, $"{field} is not a valid timestamp.");
        }
    }

    /// <summary>Requested categories: each one the API defines; an empty list stands for all of them.</summary>
    public static CategorySet Categories(IEnumerable<V1.DataCategory> values, string field)
    {
        var categories = new List<DataCategory>();
        foreach (var value in values)
        {
            categories.Add(ConsentMessages.ToEngine(DefinedEnum(value, field)));
        }

        return CategorySet.Of(categories);
    }
}
