namespace EcommerceMl.Ml.Churn;

/// <summary>
/// A served churn model (<c>logistic</c> or <c>lightgbm</c>): featurize, raw probability from stored
/// weights or trees, calibrate, band, action — plain C# over arrays, nothing per request but the
/// feature vector on the stack. Carries every known customer's features as of the end of its data,
/// most at risk first.
/// </summary>
public sealed class ChurnModel : IChurnModel
{
    private readonly IReadOnlyList<KeyValuePair<string, ChurnFeatures>> _customers;
    private readonly Dictionary<string, ChurnFeatures> _byId;

    /// <param name="customers">Known customers and their features as of <paramref name="featuresAsOf"/>; the numbers are kept at float32 precision, as the file stores them.</param>
    public ChurnModel(
        ChurnClassifier classifier,
        ProbabilityCalibrator calibrator,
        ChurnRiskPolicy policy,
        DateTime featuresAsOf,
        IEnumerable<KeyValuePair<string, ChurnFeatures>> customers)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(calibrator);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(customers);
        if (classifier.Featurizer.Length != classifier.Scorer.FeatureCount)
        {
            throw new ArgumentException($"The featurizer writes {classifier.Featurizer.Length} features but the scorer reads {classifier.Scorer.FeatureCount}.", nameof(classifier));
        }

        policy.Validate();
        Classifier = classifier;
        Calibrator = calibrator;
        Policy = policy;
        FeaturesAsOf = featuresAsOf;
        _customers = [.. customers
            .Select(c => KeyValuePair.Create(c.Key, AsStored(c.Value)))
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

    public string Algorithm => Classifier.Algorithm;

    public ChurnClassifier Classifier { get; }

    public ProbabilityCalibrator Calibrator { get; }

    public ChurnRiskPolicy Policy { get; }

    /// <summary>The moment <see cref="FeaturesOf"/> describes customers at: the end of the training data.</summary>
    public DateTime FeaturesAsOf { get; }

    public int CustomerCount => _customers.Count;

    public IReadOnlyList<string> AttributeColumns => Classifier.Featurizer.Columns;

    internal IReadOnlyList<KeyValuePair<string, ChurnFeatures>> Customers => _customers;

    /// <summary>The calibrated churn probability.</summary>
    /// <exception cref="ArgumentException">A feature is not finite, or an attribute is not one the model reads or not of its kind; the message says which.</exception>
    public double Probability(ChurnFeatures features) => Calibrator.Apply(Classifier.Probability(features));

    public ChurnPrediction Predict(ChurnFeatures features) => Policy.Predict(Probability(features));

    public ChurnFeatures? FeaturesOf(string customerId) => _byId.GetValueOrDefault(customerId);

    /// <summary>Known customers, most at risk first: the ones a retention team looks at.</summary>
    public IReadOnlyList<string> SampleCustomers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. _customers.Take(count).Select(c => c.Key)];
    }

    public void Save(Stream stream) => ChurnModelFormat.Write(this, stream);

    internal static ChurnFeatures AsStored(ChurnFeatures f) =>
        new((float)f.RecencyDays, (float)f.Frequency, (float)f.AvgMonetary, (float)f.TenureDays, f.LoyaltyMember) { Attributes = f.Attributes };
}
