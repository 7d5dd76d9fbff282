using System.CommandLine;
using System.CommandLine.Parsing;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// Options that take hub.v1 enum names (see <see cref="ProtoEnum{TEnum}"/>): one name, or a
/// comma-separated list. An unknown name is a parse error that lists the names there are.
/// </summary>
internal static class EnumOptions
{
    public static Option<TEnum> One<TEnum>(string name, string description)
        where TEnum : struct, Enum
    {
        var option = new Option<TEnum>(name)
        {
            Description = $"{description}: {string.Join('|', ProtoEnum<TEnum>.ShortNames)}",
            HelpName = "name",
            CustomParser = result => ParseEach<TEnum>(result, [result.Tokens.Single().Value]).SingleOrDefault(),
        };
        return WithNamesToComplete<TEnum, TEnum>(option);
    }

    public static Option<TEnum[]> List<TEnum>(string name, string description)
        where TEnum : struct, Enum
    {
        var option = new Option<TEnum[]>(name)
        {
            Description = $"{description}, comma-separated: {string.Join(',', ProtoEnum<TEnum>.ShortNames)}",
            HelpName = "name,…",
            CustomParser = result => ParseEach<TEnum>(
                result, [.. result.Tokens.SelectMany(token => token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]),
        };
        return WithNamesToComplete<TEnum, TEnum[]>(option);
    }

    /// <summary>Completes the proto names, not the C# names System.CommandLine would offer for an enum.</summary>
    private static Option<TValue> WithNamesToComplete<TEnum, TValue>(Option<TValue> option)
        where TEnum : struct, Enum
    {
        option.CompletionSources.Clear();
        option.CompletionSources.Add([.. ProtoEnum<TEnum>.ShortNames]);
        return option;
    }

    private static TEnum[] ParseEach<TEnum>(ArgumentResult result, string[] names)
        where TEnum : struct, Enum
    {
        var values = new List<TEnum>();
        foreach (var name in names)
        {
            if (ProtoEnum<TEnum>.TryParseShortName(name, out var value))
            {
                values.Add(value);
            }
            else
            {
                var option = ((OptionResult)result.Parent!).Option.Name;
                result.AddError($"{option}: '{name}' is not one of {string.Join(", ", ProtoEnum<TEnum>.ShortNames)}.");
            }
        }

        return [.. values];
    }
}
