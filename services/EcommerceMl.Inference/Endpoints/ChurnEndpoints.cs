using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Json;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Churn;
using Microsoft.AspNetCore.Http.HttpResults;
using ChurnAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    EcommerceMl.Inference.Json.JsonBody<EcommerceMl.Inference.Contracts.ChurnResponse>,
    EcommerceMl.Inference.Json.JsonBytes,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.EmptyHttpResult>;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>Churn probability, risk band and suggested action, for a known customer or from the seed API's features.</summary>
internal static class ChurnEndpoints
{
    public static RouteGroupBuilder MapChurnApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/churn", PostChurnAsync)
            .Accepts<ChurnRequest>("application/json")
            .WithTags("Churn")
            .WithName("PredictChurn")
            .WithSummary("Churn probability, risk category (LOW/MEDIUM/HIGH) and next action: send {customerId} for a known customer, or recencyDays, frequency, avgMonetary, loyaltyMember and daysSinceJoin; optional attributes {column: value} for the dataset columns the model reads.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    /// <summary>
    /// The body read by <see cref="JsonRequestBody"/> (binding's checks and errors, parsed where it lies), then
    /// <see cref="PostChurn"/>; an empty answer when reading failed and the status says why (the error middleware writes it).
    /// </summary>
    internal static ValueTask<ChurnAnswer> PostChurnAsync([AsParameters] ServingContext serving)
    {
        var read = JsonRequestBody.ReadAsync(serving.Http, serving.Services.ChurnRequest, "request");
        return read.IsCompletedSuccessfully ? new(Answer(read.Result, serving)) : AnswerAsync(read, serving);

        static async ValueTask<ChurnAnswer> AnswerAsync(ValueTask<ChurnRequest?> read, ServingContext serving) => Answer(await read, serving);

        static ChurnAnswer Answer(ChurnRequest? request, ServingContext serving) =>
            request is null ? TypedResults.Empty : PostChurn(request, serving);
    }

    internal static ChurnAnswer PostChurn(
        ChurnRequest request,
        ServingContext serving)
    {
        var errors = Validate(request, serving.Options.MaxStringLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!serving.TrySelect<IChurnModel>(ModelTask.Churn, request.Model, out var entry, out var churn, out var problem))
        {
            return problem;
        }

        var started = serving.Start();
        // A known customer's answer to their id alone depends only on the version and the customer, so it is built once.
        var cacheable = request is { CustomerId: not null, HasAnyFeature: false, Attributes: null } && serving.Answers.Enabled;
        if (cacheable && serving.Answers.Find(entry, AnswerKind.Churn, request.CustomerId!) is { Churn: { } known } cached)
        {
            serving.Observe(entry, "churn", started);
            Log.ChurnPredicted(serving.Logger, request.CustomerId, known.Probability, ChurnRiskLabels.Of(known.Risk), entry.Name, entry.Version!);
            return new JsonBytes(cached.Body);
        }

        ChurnPrediction prediction;
        try
        {
            var features = Resolve(request, churn);
            if (features is null)
            {
                return Problems.NotFound(
                    "Unknown customer.",
                    $"Customer '{request.CustomerId}' is not known to model '{entry.Name}' (version {entry.Version}); send their recencyDays, frequency, avgMonetary, loyaltyMember and daysSinceJoin instead.");
            }

            prediction = churn.Predict(features);
        }
        catch (ArgumentException error)
        {
            // An attribute the model was not fitted on, or text in a column it reads as a number.
            var invalid = new RequestErrors();
            invalid.Add("attributes", error.Message.Split(" (Parameter", 2)[0]);
            return invalid.ToProblem();
        }

        serving.Observe(entry, "churn", started);
        var risk = ChurnRiskLabels.Of(prediction.Risk);
        Log.ChurnPredicted(serving.Logger, request.CustomerId, prediction.Probability, risk, entry.Name, entry.Version!);
        var response = new ChurnResponse(request.CustomerId, prediction.Probability, risk, prediction.NextAction, entry.Name, entry.Version!);
        // Only known customers get here (an unknown one is a 404 above), so the model's customers bound the cache.
        if (cacheable)
        {
            var body = JsonBuffers.ToArray(response, InferenceJsonContext.Default.ChurnResponse);
            serving.Answers.TryAdd(entry, AnswerKind.Churn, request.CustomerId!, new CachedAnswer(body, 1, null) { Churn = prediction });
            return new JsonBytes(body);
        }

        return JsonBody.Ok(response, InferenceJsonContext.Default.ChurnResponse);
    }

    internal static RequestErrors Validate(ChurnRequest request, int maxLength)
    {
        var errors = new RequestErrors();
        errors.CheckNotBlank("customerId", request.CustomerId);
        errors.CheckLength("customerId", request.CustomerId, maxLength);
        errors.CheckNotBlank("model", request.Model);
        errors.CheckLength("model", request.Model, maxLength);
        CheckAttributes(errors, request.Attributes, maxLength);
        if (!request.HasAnyFeature)
        {
            if (request.CustomerId is null)
            {
                errors.Add("customerId", "send customerId of a known customer, or all of recencyDays, frequency, avgMonetary, loyaltyMember and daysSinceJoin.");
            }

            return errors;
        }

        RequireNonNegative(errors, "recencyDays", request.RecencyDays);
        RequireNonNegative(errors, "frequency", request.Frequency);
        RequireNonNegative(errors, "avgMonetary", request.AvgMonetary);
        RequireNonNegative(errors, "daysSinceJoin", request.DaysSinceJoin);
        if (request.LoyaltyMember is null)
        {
            errors.Add("loyaltyMember", "loyaltyMember is required (true or false) when features are given.");
        }

        return errors;
    }

    /// <summary>The five features the request gives (without attributes), or null when it gives none.</summary>
    internal static ChurnFeatures? FeaturesFrom(ChurnRequest request) =>
        request.HasAnyFeature
            ? new ChurnFeatures(request.RecencyDays!.Value, request.Frequency!.Value, request.AvgMonetary!.Value, request.DaysSinceJoin!.Value, request.LoyaltyMember!.Value)
            : null;

    /// <summary>What the request scores by the one churn input rule (<see cref="ChurnInputs.Resolve"/>); null for an unknown customer.</summary>
    /// <exception cref="ArgumentException">An attribute names a column the model does not read.</exception>
    internal static ChurnFeatures? Resolve(ChurnRequest request, IChurnModel churn) =>
        ChurnInputs.Resolve(churn, request.CustomerId, FeaturesFrom(request), request.Attributes);

    private static void CheckAttributes(RequestErrors errors, IReadOnlyDictionary<string, string?>? attributes, int maxLength)
    {
        if (attributes is null)
        {
            return;
        }

        if (attributes.Count > MaxAttributes)
        {
            errors.Add("attributes", $"attributes holds {attributes.Count} columns; at most {MaxAttributes}.");
            return;
        }

        // A blank value is allowed: it gives no value for its column (ChurnInputs), as a blank tensor element or CSV cell does.
        if (attributes.Keys.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("attributes", "attribute names must not be empty.");
        }

        foreach (var (name, value) in attributes)
        {
            errors.CheckLength("attributes", name, maxLength);
            errors.CheckLength($"attributes.{(name.Length > maxLength ? name[..maxLength] : name)}", value, maxLength);
        }
    }

    /// <summary>A dataset brings tens of columns (telco: 19); a few hundred bounds the work of one request.</summary>
    internal const int MaxAttributes = 256;

    private static void RequireNonNegative(RequestErrors errors, string field, double? value)
    {
        if (value is null)
        {
            errors.Add(field, $"{field} is required when features are given (a number, 0 or more).");
        }
        else if (!double.IsFinite(value.Value) || value.Value < 0)
        {
            errors.Add(field, $"{field} must be a number, 0 or more; got {value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }
}
