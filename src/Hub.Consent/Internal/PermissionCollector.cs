using Hub.Consent.Identifiers;

namespace Hub.Consent.Internal;

/// <summary>Gathers, per source asked about, the categories active consents permit and which consents permit them.</summary>
internal sealed class PermissionCollector
{
    private readonly AgencyId[]? _sources;
    private readonly uint[] _permitted;
    private readonly List<ConsentId>?[] _consentIds;
    private readonly int _mostConsents;
    private List<ConsentId>? _anySource;

    /// <param name="sources">Distinct sources, each answered on its own; null for one answer covering any source.</param>
    /// <param name="mostConsents">How many consents can be added at most, so the lists never grow by copying.</param>
    public PermissionCollector(AgencyId[]? sources, int mostConsents)
    {
        _sources = sources;
        _mostConsents = mostConsents;
        var answers = sources?.Length ?? 1;
        _permitted = new uint[answers];
        _consentIds = new List<ConsentId>?[answers];
    }

    /// <summary>The categories permitted from at least one source asked about.</summary>
    public uint Permitted
    {
        get
        {
            var permitted = 0u;
            foreach (var categories in _permitted)
            {
                permitted |= categories;
            }

            return permitted;
        }
    }

    /// <summary>Every consent that permitted anything, each once, in the order added.</summary>
    public IReadOnlyList<ConsentId> ConsentIds => (_sources is null ? _consentIds[0] : _anySource) ?? (IReadOnlyList<ConsentId>)[];

    /// <param name="consent">An active consent for the purpose.</param>
    /// <param name="categories">The requested categories it lists.</param>
    public void Add(in IndexedConsent consent, uint categories)
    {
        if (_sources is null)
        {
            Permit(0, consent.Id, categories);
            return;
        }

        var permitsAny = false;
        for (var answer = 0; answer < _sources.Length; answer++)
        {
            if (consent.AppliesTo(_sources[answer]))
            {
                Permit(answer, consent.Id, categories);
                permitsAny = true;
            }
        }

        if (permitsAny)
        {
            (_anySource ??= new List<ConsentId>(_mostConsents)).Add(consent.Id);
        }
    }

    public IReadOnlyList<SourcePermission> BySource()
    {
        var bySource = new SourcePermission[_permitted.Length];
        for (var answer = 0; answer < bySource.Length; answer++)
        {
            bySource[answer] = new SourcePermission(_sources?[answer], new CategorySet(_permitted[answer]), _consentIds[answer] ?? (IReadOnlyList<ConsentId>)[]);
        }

        return bySource;
    }

    private void Permit(int answer, ConsentId consent, uint categories)
    {
        _permitted[answer] |= categories;
        (_consentIds[answer] ??= new List<ConsentId>(_mostConsents)).Add(consent);
    }
}
