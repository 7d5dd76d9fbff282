using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// Plain aligned text for people reading a terminal: labelled fields and tables. It writes where the
/// invocation says (the console, or a test's writer), never to <see cref="Console"/> directly.
/// </summary>
internal sealed class TextOutput(TextWriter writer)
{
    private const string Gap = "  ";

    /// <summary>One line as it is.</summary>
    public void Line(string text = "") => writer.WriteLine(text);

    /// <summary>One "label:  value" line each, values aligned.</summary>
    public void Fields(params (string Label, string Value)[] fields) => Fields(indent: 0, fields);

    /// <summary>
    /// Fields as above, <paramref name="indent"/> spaces in. A value of several lines (a case summary's
    /// facts, say) continues under its first line, so the labels still stand out on the left.
    /// </summary>
    public void Fields(int indent, params (string Label, string Value)[] fields)
    {
        var width = fields.Max(field => field.Label.Length) + 1;
        var margin = new string(' ', indent);
        var continuation = writer.NewLine + new string(' ', indent + width + Gap.Length);
        foreach (var (label, value) in fields)
        {
            var lines = value.ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd());
            writer.WriteLine(margin + (label + ":").PadRight(width) + Gap + string.Join(continuation, lines));
        }
    }

    /// <summary>A header row and rows, columns padded to their widest cell; "(none)" when there are no rows.</summary>
    public void Table(string[] headers, IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0)
        {
            writer.WriteLine("(none)");
            return;
        }

        var widths = headers.Select((header, column) => Math.Max(header.Length, rows.Max(row => row[column].Length))).ToArray();
        foreach (var row in rows.Prepend(headers))
        {
            // Trimmed, so lines carry no trailing spaces, even where the last cells are empty.
            writer.WriteLine(string.Join(Gap, row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }
    }

    /// <summary>Categories by their short names, comma-separated as the options take them.</summary>
    public static string Categories(IEnumerable<DataCategory> categories) =>
        string.Join(", ", categories.Select(ProtoEnum<DataCategory>.ShortName));

    public static string Time(Timestamp? timestamp) =>
        timestamp is null ? string.Empty : timestamp.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
