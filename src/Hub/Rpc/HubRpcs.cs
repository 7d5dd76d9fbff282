using System.Collections.Frozen;
using Google.Protobuf.Reflection;
using Hub.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Hub.Rpc;

/// <summary>The hub's own services (package hub.v1), and the access each of their RPCs declares in the contract.</summary>
internal static class HubRpcs
{
    public const string Package = "hub.v1";

    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        EchoService.Descriptor,
        AgencyService.Descriptor,
        PersonService.Descriptor,
        ConsentService.Descriptor,
        AuditService.Descriptor,
        CaseService.Descriptor,
        MeetingService.Descriptor,
        EventService.Descriptor,
    ];

    /// <summary>The scope each RPC needs, by its path (<c>/hub.v1.ConsentService/GrantConsent</c>); null where any valid token will do.</summary>
    public static FrozenDictionary<string, string?> RequiredScopes { get; } = DeclaredScopes(Services);

    public static string Path(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    /// <summary>
    /// What the <c>(hub.v1.required_scope)</c> and <c>(hub.v1.any_valid_token)</c> options say of
    /// every method. A method that says neither, or both, is a contract the hub refuses to serve.
    /// </summary>
    public static FrozenDictionary<string, string?> DeclaredScopes(IEnumerable<ServiceDescriptor> services)
    {
        var scopes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var undeclared = new List<string>();
        foreach (var method in services.SelectMany(service => service.Methods))
        {
            var options = method.GetOptions();
            var scope = options?.GetExtension(OptionsExtensions.RequiredScope) ?? string.Empty;
            var anyToken = options?.GetExtension(OptionsExtensions.AnyValidToken) ?? false;
            if ((scope.Length > 0) == anyToken)
            {
                undeclared.Add(method.FullName);
                continue;
            }

            scopes[Path(method)] = anyToken ? null : scope;
        }

        return undeclared.Count == 0
            ? scopes.ToFrozenDictionary(StringComparer.Ordinal)
            : throw new InvalidOperationException(
                $"Every hub RPC must declare exactly one of (hub.v1.required_scope) and (hub.v1.any_valid_token); these don't: {string.Join(", ", undeclared)}.");
    }
}
