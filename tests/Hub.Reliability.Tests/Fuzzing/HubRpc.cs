using System.Reflection;
using Google.Protobuf.Reflection;
using Hub.V1;

namespace Hub.Reliability.Tests.Fuzzing;

/// <summary>One RPC of the hub's own contract (package hub.v1), as its descriptor declares it.</summary>
public sealed record HubRpc(MethodDescriptor Method)
{
    public const string AdminScope = "hub.admin";

    public string Path => $"/{Method.Service.FullName}/{Method.Name}";

    public string RequiredScope => Method.GetOptions()?.GetExtension(OptionsExtensions.RequiredScope) ?? string.Empty;

    /// <summary>Called by the operator rather than an agency.</summary>
    public bool IsAdmin => RequiredScope == AdminScope;

    /// <summary>
    /// Every RPC of every hub.v1 service compiled into the contract's assembly, found through the
    /// generated file descriptors, so an RPC added to the contract is covered without a test change.
    /// </summary>
    public static IReadOnlyList<HubRpc> All { get; } = typeof(EchoRequest).Assembly.GetTypes()
        .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(property => property?.PropertyType == typeof(FileDescriptor))
        .Select(property => (FileDescriptor)property!.GetValue(null)!)
        .Where(file => file.Package == "hub.v1")
        .SelectMany(file => file.Services)
        .SelectMany(service => service.Methods)
        .Select(method => new HubRpc(method))
        .OrderBy(rpc => rpc.Path, StringComparer.Ordinal)
        .ToList();

    public override string ToString() => Path;
}
