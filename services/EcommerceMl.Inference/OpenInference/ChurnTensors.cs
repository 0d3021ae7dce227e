using System.Globalization;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Churn;
using static EcommerceMl.Inference.OpenInference.TensorDatatype;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// Churn models as tensors: either <c>customer_id</c> [n] of known customers, or all five features
/// (<c>recency_days</c>, <c>frequency</c>, <c>avg_monetary</c>, <c>loyalty_member</c>, <c>days_since_join</c>), each [n]
/// → <c>churn_probability</c>, <c>risk_category</c> (LOW/MEDIUM/HIGH) and <c>next_action</c>, each [n].
/// A model that reads the dataset's own columns (<see cref="IChurnModel.AttributeColumns"/>) also takes
/// one optional BYTES [n] tensor per column, named as the column, laid over by the one churn input rule
/// (<see cref="ChurnInputs"/>): a blank string gives that row no value (a tensor cannot skip one row).
/// </summary>
internal static class ChurnTensors
{
    public const string CustomerId = "customer_id";
    public const string RecencyDays = "recency_days";
    public const string Frequency = "frequency";
    public const string AvgMonetary = "avg_monetary";
    public const string LoyaltyMember = "loyalty_member";
    public const string DaysSinceJoin = "days_since_join";
    public const string Probability = "churn_probability";
    public const string Risk = "risk_category";
    public const string NextAction = "next_action";

    private static readonly string[] Features = [RecencyDays, Frequency, AvgMonetary, LoyaltyMember, DaysSinceJoin];

    public static ModelSignature Signature { get; } = new(
        [
            new(CustomerId, BytesType, [-1], StringTypes),
            new(RecencyDays, Fp64Type, [-1], NumberTypes),
            new(Frequency, Fp64Type, [-1], NumberTypes),
            new(AvgMonetary, Fp64Type, [-1], NumberTypes),
            new(LoyaltyMember, BoolType, [-1], BooleanTypes),
            new(DaysSinceJoin, Fp64Type, [-1], NumberTypes),
        ],
        [
            new(Probability, Fp64Type, [-1], NumberTypes),
            new(Risk, BytesType, [-1], StringTypes),
            new(NextAction, BytesType, [-1], StringTypes),
        ]);

    /// <summary><see cref="Signature"/> plus a BYTES [-1] input per attribute column <paramref name="model"/> reads.</summary>
    public static ModelSignature SignatureFor(IChurnModel model)
    {
        var columns = AttributeInputs(model);
        return columns.Count == 0
            ? Signature
            : Signature with { Inputs = [.. Signature.Inputs, .. columns.Select(c => new TensorSpec(c, BytesType, [-1], StringTypes))] };
    }

    /// <summary>The model's attribute columns that can be tensors: a column named as a built-in input would be ambiguous, so it is left out.</summary>
    private static List<string> AttributeInputs(IChurnModel model) =>
        [.. model.AttributeColumns.Where(c => Signature.Input(c) is null)];

    public static IReadOnlyList<OutputTensor> Infer(IChurnModel model, IReadOnlyDictionary<string, InputTensor> inputs, InferenceOptions options)
    {
        var rows = RowsOf(model, inputs, options);
        var attributes = AttributeInputs(model).Where(inputs.ContainsKey).Select(name => (Name: name, Values: inputs[name].Strings())).ToList();
        var predictions = new ChurnPrediction[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var (id, given) = rows[i];
            var features = Resolve(model, id, given, attributes.Select(a => KeyValuePair.Create(a.Name, (string?)a.Values[i])), i)
                ?? throw new InferenceInputException($"{CustomerId}[{i}] '{id}' is not known to the model; send their {string.Join(", ", Features)} instead.");
            predictions[i] = Predict(model, features, i);
        }

        long[] shape = [predictions.Length];
        return
        [
            new(Probability, Fp64Type, shape, predictions.Select(p => p.Probability).ToArray(), Batched: true),
            new(Risk, BytesType, shape, predictions.Select(p => ChurnRiskLabels.Of(p.Risk)).ToArray(), Batched: true),
            new(NextAction, BytesType, shape, predictions.Select(p => p.NextAction).ToArray(), Batched: true),
        ];
    }

    /// <summary>Each row's customer id and the features it gives (null when the request gives ids of known customers).</summary>
    private static List<(string? Id, ChurnFeatures? Given)> RowsOf(IChurnModel model, IReadOnlyDictionary<string, InputTensor> inputs, InferenceOptions options)
    {
        var given = Features.Where(inputs.ContainsKey).ToList();
        inputs.TryGetValue(CustomerId, out var customers);
        if (given.Count == 0)
        {
            if (customers is null)
            {
                throw new InferenceInputException(
                    $"Send '{CustomerId}' (BYTES [n]) of known customers, or all of {string.Join(", ", Features)} (each [n]).");
            }

            var ids = customers.Strings();
            BatchLimit.Check(CustomerId, ids.Length, options);
            foreach (var name in AttributeInputs(model).Where(inputs.ContainsKey))
            {
                if (inputs[name].Count != ids.Length)
                {
                    throw new InferenceInputException($"'{name}' holds {inputs[name].Count} values but '{CustomerId}' holds {ids.Length}: every input needs one value per customer.");
                }
            }

            return [.. ids.Select(id => ((string?)id, (ChurnFeatures?)null))];
        }

        if (given.Count < Features.Length)
        {
            throw new InferenceInputException(
                $"Churn features come together: missing {string.Join(", ", Features.Except(given))} (each [n], the same n as {string.Join(", ", given)}).");
        }

        var n = inputs[RecencyDays].Count;
        BatchLimit.Check(RecencyDays, n, options);
        foreach (var name in Features.Append(CustomerId).Concat(AttributeInputs(model)).Where(inputs.ContainsKey))
        {
            if (inputs[name].Count != n)
            {
                throw new InferenceInputException($"'{name}' holds {inputs[name].Count} values but '{RecencyDays}' holds {n}: every input needs one value per customer.");
            }
        }

        var (recency, frequency, monetary, tenure) = (Numbers(inputs, RecencyDays), Numbers(inputs, Frequency), Numbers(inputs, AvgMonetary), Numbers(inputs, DaysSinceJoin));
        var loyalty = inputs[LoyaltyMember].Bools();
        // Given features make customer_id a label of the answer only.
        return [.. Enumerable.Range(0, n).Select(i => ((string?)null, (ChurnFeatures?)new ChurnFeatures(recency[i], frequency[i], monetary[i], tenure[i], loyalty[i])))];
    }

    /// <summary>The row's features by the one churn input rule (<see cref="ChurnInputs.Resolve"/>): a blank attribute value gives none.</summary>
    private static ChurnFeatures? Resolve(IChurnModel model, string? id, ChurnFeatures? given, IEnumerable<KeyValuePair<string, string?>> attributes, int row)
    {
        try
        {
            return ChurnInputs.Resolve(model, id, given, attributes);
        }
        catch (ArgumentException e)
        {
            throw new InferenceInputException($"row {row}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static ChurnPrediction Predict(IChurnModel model, ChurnFeatures features, int row)
    {
        try
        {
            return model.Predict(features);
        }
        catch (ArgumentException e)
        {
            // The tensors decode but the model cannot read the row, e.g. text in a column it reads as a number.
            throw new InferenceInputException($"row {row}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static double[] Numbers(IReadOnlyDictionary<string, InputTensor> inputs, string name)
    {
        var values = inputs[name].Doubles();
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) || values[i] < 0)
            {
                throw new InferenceInputException($"{name}[{i}] must be 0 or more; got {values[i].ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        return values;
    }
}
