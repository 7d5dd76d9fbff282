using System.Globalization;
using Google.Protobuf.Reflection;
using Hub.V1;

namespace Hub.Client.Cli;

/// <summary>Agency kinds as people type them (EMPLOYMENT), taken from the proto enum so the two can't drift apart.</summary>
internal static class AgencyKinds
{
    private const string Prefix = "AGENCY_KIND_";

    private static readonly EnumDescriptor Descriptor = AgencyReflection.Descriptor.EnumTypes.Single(type => type.Name == nameof(AgencyKind));

    /// <summary>Every kind but the zero UNSPECIFIED.</summary>
    public static string[] Names { get; } = [.. Descriptor.Values.Where(value => value.Number != 0).Select(value => value.Name[Prefix.Length..])];

    /// <summary>A name from <see cref="Names"/>, in any case.</summary>
    public static AgencyKind Parse(string name) => (AgencyKind)Descriptor.FindValueByName(Prefix + name.ToUpperInvariant()).Number;

    /// <summary>The kind's name, or its number when this hubctl is older than the hub.</summary>
    public static string Name(AgencyKind kind) =>
        Descriptor.FindValueByNumber((int)kind)?.Name[Prefix.Length..] ?? ((int)kind).ToString(CultureInfo.InvariantCulture);
}
