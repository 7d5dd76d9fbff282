namespace Hub.Consent.Identifiers;

/// <summary>An identifier type in the <see cref="OpaqueId"/> format; create and parse through <see cref="OpaqueId"/>.</summary>
public interface IOpaqueId<TSelf>
    where TSelf : struct, IOpaqueId<TSelf>
{
    static abstract string Prefix { get; }

    string Value { get; }

    /// <summary>Wraps a value <see cref="OpaqueId"/> has already checked.</summary>
    static abstract TSelf FromValidated(string value);
}
