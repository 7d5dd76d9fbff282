using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Hub.Rpc;

/// <summary>
/// The one check every string of every request passes before a handler sees it: PostgreSQL text
/// can't hold U+0000, and a lone surrogate has no UTF-8 form, so either would fail at the database
/// instead of being refused as the client's mistake. Driven by the message descriptors, so a field
/// added to the contract is checked without a line here.
/// </summary>
internal static class RequestText
{
    /// <summary>Per message type, the fields that hold text or messages that may; empty for types with none (Timestamp).</summary>
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> TextFields = new();

    /// <summary>Throws INVALID_ARGUMENT / INVALID_FIELD naming the first field (e.g. <c>sections[1].facts</c>) that holds such a character.</summary>
    public static void Check(IMessage message)
    {
        if (Find(message, string.Empty) is { } field)
        {
            throw Errors.InvalidField(field, $"{field} holds a character the hub can't store (U+0000 or an unpaired surrogate).");
        }
    }

    private static string? Find(IMessage message, string prefix)
    {
        foreach (var field in FieldsOf(message.Descriptor))
        {
            var value = field.Accessor.GetValue(message);
            switch (value)
            {
                case string text when !IsStorable(text):
                    return prefix + field.Name;
                case IMessage inner when Find(inner, $"{prefix}{field.Name}.") is { } found:
                    return found;
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                    {
                        var path = $"{prefix}{field.Name}[{entry.Key}]";
                        if ((entry.Key is string key && !IsStorable(key)) || (entry.Value is string text && !IsStorable(text)))
                        {
                            return path;
                        }

                        if (entry.Value is IMessage element && Find(element, path + ".") is { } inMap)
                        {
                            return inMap;
                        }
                    }

                    break;
                case IList list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        var path = $"{prefix}{field.Name}[{i}]";
                        if (list[i] is string text && !IsStorable(text))
                        {
                            return path;
                        }

                        if (list[i] is IMessage element && Find(element, path + ".") is { } inList)
                        {
                            return inList;
                        }
                    }

                    break;
            }
        }

        return null;
    }

    private static bool IsStorable(string text)
    {
        var span = text.AsSpan();
        if (span.Contains('\0'))
        {
            return false;
        }

        // Surrogates are rare in the hub's texts; only then is the string walked rune by rune.
        if (span.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return true;
        }

        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            span = span[consumed..];
        }

        return true;
    }

    private static FieldDescriptor[] FieldsOf(MessageDescriptor descriptor) =>
        TextFields.GetOrAdd(descriptor, static descriptor => [.. descriptor.Fields.InDeclarationOrder().Where(field => MayHoldText(field, []))]);

    private static bool MayHoldText(FieldDescriptor field, HashSet<MessageDescriptor> visiting) => field.FieldType switch
    {
        FieldType.String => true,
        FieldType.Message or FieldType.Group => visiting.Add(field.MessageType)
            && field.MessageType.Fields.InDeclarationOrder().Any(inner => MayHoldText(inner, visiting)),
        _ => false,
    };
}
