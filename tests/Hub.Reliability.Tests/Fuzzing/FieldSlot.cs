using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Hub.Reliability.Tests.Fuzzing;

/// <summary>
/// One value in a message tree: a singular field, or one element of a repeated field, with its
/// path as the hub names it in INVALID_FIELD (e.g. <c>sections[1].facts</c>).
/// </summary>
public sealed record FieldSlot(IMessage Owner, FieldDescriptor Field, int? Index, string Path)
{
    public object Get() => Index is { } index ? ((IList)Field.Accessor.GetValue(Owner))[index]! : Field.Accessor.GetValue(Owner);

    public void Set(object value)
    {
        if (Index is { } index)
        {
            ((IList)Field.Accessor.GetValue(Owner))[index] = value;
        }
        else
        {
            Field.Accessor.SetValue(Owner, value);
        }
    }

    /// <summary>Every value present in the message and the messages inside it; a message field is itself a slot too.</summary>
    public static IEnumerable<FieldSlot> All(IMessage message, string prefix = "")
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.IsMap)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = 0; i < list.Count; i++)
                {
                    var path = $"{prefix}{field.Name}[{i}]";
                    yield return new FieldSlot(message, field, i, path);
                    if (list[i] is IMessage element)
                    {
                        foreach (var inner in All(element, path + "."))
                        {
                            yield return inner;
                        }
                    }
                }
            }
            else if (field.FieldType != FieldType.Message || field.Accessor.HasValue(message))
            {
                yield return new FieldSlot(message, field, null, prefix + field.Name);
                if (field.FieldType == FieldType.Message && field.Accessor.GetValue(message) is IMessage inner)
                {
                    foreach (var slot in All(inner, $"{prefix}{field.Name}."))
                    {
                        yield return slot;
                    }
                }
            }
        }
    }

    /// <summary>Every field of the message and of the messages inside it, with the message that holds it.</summary>
    public static IEnumerable<(IMessage Owner, FieldDescriptor Field)> Fields(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            yield return (message, field);
        }

        foreach (var slot in All(message).Where(slot => slot.Field.FieldType == FieldType.Message))
        {
            if (slot.Get() is IMessage inner)
            {
                foreach (var field in inner.Descriptor.Fields.InDeclarationOrder())
                {
                    yield return (inner, field);
                }
            }
        }
    }
}
