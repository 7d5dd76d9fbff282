using System.Globalization;

namespace EventDelivery;

internal sealed record BenchOptions(Uri NodeA, Uri NodeB, Uri TokenUrl, string AdminSecret, string Database, int Events, int Watchers, int Rate, int Seconds)
{
    public const string Usage =
        "usage: EventDelivery --node-a URL --node-b URL --token-url URL --admin-secret-file FILE --database CONNECTION [--events N] [--watchers N] [--rate N] [--seconds N]";

    public static BenchOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        if (args.Length % 2 != 0 || !values.TryGetValue("--node-a", out var a) || !values.TryGetValue("--node-b", out var b)
            || !values.TryGetValue("--token-url", out var token) || !values.TryGetValue("--admin-secret-file", out var secretFile)
            || !values.TryGetValue("--database", out var database))
        {
            return null;
        }

        int Number(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(new Uri(a), new Uri(b), new Uri(token), File.ReadAllText(secretFile).Trim(), database,
            Number("--events", 1000), Number("--watchers", 100), Number("--rate", 2000), Number("--seconds", 10));
    }
}
