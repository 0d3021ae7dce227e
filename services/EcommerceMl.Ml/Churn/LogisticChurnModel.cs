namespace EcommerceMl.Ml.Churn;

/// <summary>
/// Logistic-regression churn risk in pure C#: standardise, σ(w·z + b), band, action. Carries every
/// known customer's features as of the end of its data, most at risk first.
/// </summary>
public sealed class LogisticChurnModel : IChurnModel
{
    public const string AlgorithmName = "logistic";

    private readonly IReadOnlyList<KeyValuePair<string, ChurnFeatures>> _customers;
    private readonly Dictionary<string, ChurnFeatures> _byId;

    /// <param name="customers">Known customers and their features as of <paramref name="featuresAsOf"/>; features are kept at float32 precision, as the file stores them.</param>
    public LogisticChurnModel(
        FeatureStandardizer standardizer,
        LinearLogit logit,
        ChurnRiskPolicy policy,
        DateTime featuresAsOf,
        IEnumerable<KeyValuePair<string, ChurnFeatures>> customers)
    {
        ArgumentNullException.ThrowIfNull(standardizer);
        ArgumentNullException.ThrowIfNull(logit);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(customers);
        if (standardizer.Length != ChurnFeatureVector.Length || logit.Weights.Length != ChurnFeatureVector.Length)
        {
            throw new ArgumentException($"A churn model has {ChurnFeatureVector.Length} features.", nameof(logit));
        }

        policy.Validate();
        Standardizer = standardizer;
        Logit = logit;
        Policy = policy;
        FeaturesAsOf = featuresAsOf;
        var rounded = customers.Select(c => KeyValuePair.Create(c.Key, AsStored(c.Value))).ToList();
        _customers = [.. rounded
            .Select(c => (Customer: c, Probability: Probability(c.Value)))
            .OrderByDescending(c => c.Probability)
            .ThenBy(c => c.Customer.Key, StringComparer.Ordinal)
            .Select(c => c.Customer)];
        _byId = new Dictionary<string, ChurnFeatures>(StringComparer.Ordinal);
        foreach (var (id, features) in _customers)
        {
            if (!_byId.TryAdd(id, features))
            {
                throw new ArgumentException($"Customer '{id}' appears twice.", nameof(customers));
            }
        }
    }

    public string Task => ModelTask.Churn;

    public string Algorithm => AlgorithmName;

    public FeatureStandardizer Standardizer { get; }

    public LinearLogit Logit { get; }

    public ChurnRiskPolicy Policy { get; }

    /// <summary>The moment <see cref="FeaturesOf"/> describes customers at: the end of the training data.</summary>
    public DateTime FeaturesAsOf { get; }

    public int CustomerCount => _customers.Count;

    internal IReadOnlyList<KeyValuePair<string, ChurnFeatures>> Customers => _customers;

    public double Probability(ChurnFeatures features)
    {
        var x = ChurnFeatureVector.From(features);
        for (var j = 0; j < x.Length; j++)
        {
            if (!double.IsFinite(x[j]))
            {
                throw new ArgumentException($"Churn feature '{ChurnFeatureVector.Names[j]}' is {x[j]}; it must be a finite number.", nameof(features));
            }
        }

        return Logit.Probability(Standardizer.Apply(ChurnFeatureVector.ModelInput(features)));
    }

    public ChurnPrediction Predict(ChurnFeatures features)
    {
        var probability = Probability(features);
        var risk = Policy.Band(probability);
        return new ChurnPrediction(probability, risk, ChurnRiskPolicy.NextAction(risk));
    }

    public ChurnFeatures? FeaturesOf(string customerId) => _byId.GetValueOrDefault(customerId);

    /// <summary>Known customers, most at risk first: the ones a retention team looks at.</summary>
    public IReadOnlyList<string> SampleCustomers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. _customers.Take(count).Select(c => c.Key)];
    }

    public void Save(Stream stream) => ChurnModelFormat.Write(this, stream);

    internal static ChurnFeatures AsStored(ChurnFeatures f) =>
        new((float)f.RecencyDays, (float)f.Frequency, (float)f.AvgMonetary, (float)f.TenureDays, f.LoyaltyMember);
}
