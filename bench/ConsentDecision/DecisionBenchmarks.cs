using BenchmarkDotNet.Attributes;
using Hub.Consent;

namespace ConsentDecision;

/// <summary>The pure decision for <see cref="ConsentHistory.Request"/>, over one person's consent set built beforehand.</summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private ConsentSet _set = null!;
    private AccessRequest _request = null!;

    [Params(10, 1_000, 10_000)]
    public int Consents { get; set; }

    [ParamsAllValues]
    public Shape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _set = new ConsentSet(ConsentHistory.Person, ConsentHistory.Build(Consents, Shape));
        _request = ConsentHistory.Request;
    }

    [Benchmark]
    public AccessDecision Decide() => _set.Decide(_request);
}
