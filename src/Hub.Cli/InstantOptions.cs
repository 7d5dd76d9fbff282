using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;

namespace Hub.Cli;

/// <summary>
/// Options that take a moment in ISO 8601: a date (2026-04-01, meaning 00:00 UTC that day) or a
/// date-time with its offset (2026-04-01T09:00:00+09:00, or Z for UTC). A date-time without an
/// offset is refused rather than guessed, since a consent's period is a legal fact.
/// </summary>
internal static partial class InstantOptions
{
    public static Option<Timestamp?> Create(string name, string description) => new(name)
    {
        Description = $"{description}: YYYY-MM-DD (00:00 UTC) or YYYY-MM-DDTHH:MM[:SS]±HH:MM|Z",
        HelpName = "when",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (IsoDateOrDateTime().IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                return Timestamp.FromDateTimeOffset(instant);
            }

            result.AddError($"{name}: '{text}' is not a date (YYYY-MM-DD) or a date-time with an offset (e.g. 2026-04-01T09:00:00+09:00).");
            return null;
        },
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateOrDateTime();
}
