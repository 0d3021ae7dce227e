using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Churn;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// Churn for many customers in one request: the batch is bounded and validated as a whole; each customer
/// is then validated and answered on its own, with a per-item error (invalid features, unknown customer).
/// </summary>
internal static class ChurnBatchEndpoints
{
    public static RouteGroupBuilder MapChurnBatchApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/churn:batch", PostBatch)
            .WithTags("Churn")
            .WithName("PredictChurnBatch")
            .WithSummary("Churn for each of customers (at most MaxBatchSize), each {customerId} or the five features; per-customer errors in results[i].error.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    internal static Results<Ok<ChurnBatchResponse>, ValidationProblem, ProblemHttpResult> PostBatch(
        ChurnBatchRequest request,
        [AsParameters] ServingContext serving)
    {
        var errors = new RequestErrors();
        errors.CheckNotBlank("model", request.Model);
        BatchChecks.CheckSize(errors, "customers", request.Customers?.Count, serving.Options.MaxBatchSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!serving.TrySelect<IChurnModel>(ModelTask.Churn, request.Model, out var entry, out var churn, out var problem))
        {
            return problem;
        }

        var started = serving.Start();
        var results = request.Customers!.Select((c, i) => One(churn, c, i, serving)).ToList();
        serving.Observe(entry, "churn_batch", started);
        var failed = results.Count(r => r.Error is not null);
        return TypedResults.Ok(new ChurnBatchResponse(entry.Name, entry.Version!, results.Count - failed, failed, results));
    }

    private static ChurnBatchResult One(IChurnModel churn, ChurnBatchCustomer? customer, int index, ServingContext serving)
    {
        if (customer is null)
        {
            return Failed(index, null, $"customers[{index}] is null: send {{customerId}} or the five features.");
        }

        var request = customer.ToRequest();
        var problems = ChurnEndpoints.Validate(request, serving.Options.MaxStringLength);
        if (problems.Any)
        {
            return Failed(index, customer.CustomerId, $"customers[{index}]: {problems.Describe()}");
        }

        try
        {
            var features = ChurnEndpoints.Resolve(request, churn);
            if (features is null)
            {
                return Failed(index, customer.CustomerId,
                    $"customers[{index}]: customer '{customer.CustomerId}' is not known to the model; send their recencyDays, frequency, avgMonetary, loyaltyMember and daysSinceJoin instead.");
            }

            var prediction = churn.Predict(features);
            return new(index, customer.CustomerId, prediction.Probability, ChurnRiskLabels.Of(prediction.Risk), prediction.NextAction, null);
        }
        catch (ArgumentException error)
        {
            // Features the model cannot read (an attribute it was not fitted on, text in a numeric column): the caller's to fix.
            return Failed(index, customer.CustomerId, $"customers[{index}]: {error.Message.Split(" (Parameter", 2)[0]}");
        }
        catch (Exception ex)
        {
            // One customer the model cannot answer must not sink the others; the details go to the log only.
            Log.BatchItemFailed(serving.Logger, ex, serving.Http.Request.Path, index);
            return Failed(index, customer.CustomerId, $"The model failed on this customer; quote trace id {serving.Http.TraceIdentifier} when reporting it.");
        }
    }

    private static ChurnBatchResult Failed(int index, string? customerId, string error) => new(index, customerId, null, null, null, error);
}
