namespace Hub;

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

    /// <summary>A value of the enum other than its zero UNSPECIFIED, and not a number the proto does not define.</summary>
    public static TEnum DefinedEnum<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0
            ? value
            : throw Errors.InvalidField(field, $"{field} must be one of {string.Join(", ", Enum.GetNames<TEnum>().Skip(1))}.");

    /// <summary>An ISO 8601 calendar date (YYYY-MM-DD) no later than <paramref name="latest"/>.</summary>
    public static DateOnly PastDate(string value, string field, DateOnly latest)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            throw Errors.InvalidField(field, $"{field} must be a date written YYYY-MM-DD.");
        }

        return date <= latest && date.Year >= 1900 ? date : throw Errors.InvalidField(field, $"{field} must lie between 1900-01-01 and today.");
    }
}
