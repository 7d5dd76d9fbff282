using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Hub.Client.Cli;

/// <summary>Plain aligned text for people reading a terminal: labelled fields and tables.</summary>
internal static class TextOutput
{
    private const string Gap = "  ";

    /// <summary>One "label:  value" line each, values aligned.</summary>
    public static void Fields(params (string Label, string Value)[] fields)
    {
        var width = fields.Max(field => field.Label.Length) + 1;
        foreach (var (label, value) in fields)
        {
            Console.WriteLine((label + ":").PadRight(width) + Gap + value);
        }
    }

    /// <summary>A header row and rows, columns padded to their widest cell; "(none)" when there are no rows.</summary>
    public static void Table(string[] headers, IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0)
        {
            Console.WriteLine("(none)");
            return;
        }

        var widths = headers.Select((header, column) => Math.Max(header.Length, rows.Max(row => row[column].Length))).ToArray();
        foreach (var row in rows.Prepend(headers))
        {
            // The last column is not padded, so lines carry no trailing spaces.
            Console.WriteLine(string.Join(Gap, row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]))));
        }
    }

    public static string Time(Timestamp? timestamp) =>
        timestamp is null ? string.Empty : timestamp.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
