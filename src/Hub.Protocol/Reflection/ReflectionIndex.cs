using Google.Protobuf.Reflection;
using Hub.Protocol.Internal;

namespace Hub.Protocol.Reflection;

/// <summary>
/// The proto files behind the mapped services, indexed by file name and by every fully-qualified
/// symbol they declare. Built on first use, after all services are mapped.
/// </summary>
internal sealed class ReflectionIndex(GrpcServiceRegistry registry)
{
    private readonly Lazy<(Dictionary<string, FileDescriptor> Files, Dictionary<string, IDescriptor> Symbols)> _index =
        new(() => Build(registry.Services));

    public IEnumerable<string> ServiceNames => registry.Services.Select(service => service.FullName);

    public FileDescriptor? FindFile(string name) => _index.Value.Files.GetValueOrDefault(name);

    public FileDescriptor? FindFileContainingSymbol(string symbol) => FindSymbol(symbol)?.File;

    public bool IsMessageType(string symbol) => FindSymbol(symbol) is MessageDescriptor;

    private IDescriptor? FindSymbol(string symbol) => _index.Value.Symbols.GetValueOrDefault(symbol.TrimStart('.'));

    /// <summary>The file followed by every file it depends on, transitively, each once.</summary>
    public static List<FileDescriptor> WithDependencies(FileDescriptor file)
    {
        var ordered = new List<FileDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<FileDescriptor>([file]);
        while (pending.TryDequeue(out var next))
        {
            if (seen.Add(next.Name))
            {
                ordered.Add(next);
                foreach (var dependency in next.Dependencies)
                {
                    pending.Enqueue(dependency);
                }
            }
        }

        return ordered;
    }

    private static (Dictionary<string, FileDescriptor>, Dictionary<string, IDescriptor>) Build(IEnumerable<ServiceDescriptor> services)
    {
        var files = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
        var symbols = new Dictionary<string, IDescriptor>(StringComparer.Ordinal);
        foreach (var file in services.SelectMany(service => WithDependencies(service.File)))
        {
            if (!files.TryAdd(file.Name, file))
            {
                continue;
            }

            foreach (var service in file.Services)
            {
                symbols[service.FullName] = service;
                foreach (var method in service.Methods)
                {
                    symbols[method.FullName] = method;
                }
            }

            foreach (var message in file.MessageTypes)
            {
                AddMessage(message, symbols);
            }

            foreach (var enumType in file.EnumTypes)
            {
                symbols[enumType.FullName] = enumType;
            }
        }

        return (files, symbols);
    }

    private static void AddMessage(MessageDescriptor message, Dictionary<string, IDescriptor> symbols)
    {
        symbols[message.FullName] = message;
        foreach (var nested in message.NestedTypes)
        {
            AddMessage(nested, symbols);
        }

        foreach (var enumType in message.EnumTypes)
        {
            symbols[enumType.FullName] = enumType;
        }
    }
}
