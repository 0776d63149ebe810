"""The RSNA 2023 Abdominal Trauma Detection metric, written independently of the Java code.

It follows the competition's published metric step by step: the host's weight columns
(create_training_solution), normalize_probabilities_to_one on the solution and the submission
group by group, then scikit-learn's own sklearn.metrics.log_loss (Debian's python3-sklearn,
1.2, a release of 2023 when the competition ran: eps="auto" clips at np.finfo(np.float64).eps).

Usage: metric_reference.py TRAIN_CSV SUBMISSION_CSV
Prints one line of JSON with the six losses and the score.
"""
import csv
import json
import sys

import numpy as np
import sklearn.metrics

BINARY = ["bowel", "extravasation"]
TRIPLE = ["kidney", "liver", "spleen"]
GROUPS = BINARY + TRIPLE


def read_table(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [r for r in rows[1:] if r]
    ids = [int(r[0]) for r in body]
    values = np.array([[float(x) for x in r[1:]] for r in body], dtype=np.float64)
    return ids, {name: values[:, i] for i, name in enumerate(header[1:])}


def columns_of(group):
    if group in BINARY:
        return [f"{group}_healthy", f"{group}_injury"]
    return [f"{group}_healthy", f"{group}_low", f"{group}_high"]


def add_weights(solution):
    """The host's create_training_solution."""
    solution["bowel_weight"] = np.where(solution["bowel_injury"] == 1, 2, 1)
    solution["extravasation_weight"] = np.where(solution["extravasation_injury"] == 1, 6, 1)
    for organ in TRIPLE:
        solution[f"{organ}_weight"] = np.where(
            solution[f"{organ}_low"] == 1, 2, np.where(solution[f"{organ}_high"] == 1, 4, 1))
    solution["any_injury_weight"] = np.where(solution["any_injury"] == 1, 6, 1)


def normalize_probabilities_to_one(table, group_columns):
    totals = np.sum(np.stack([table[c] for c in group_columns], axis=1), axis=1)
    if totals.min() == 0:
        raise ValueError("All rows must contain at least one non-zero prediction")
    for c in group_columns:
        table[c] = table[c] / totals


def log_loss(y_true, y_pred, sample_weight):
    """The host's call: sklearn.metrics.log_loss with the group's columns and the sample weights."""
    return sklearn.metrics.log_loss(y_true=y_true, y_pred=y_pred, sample_weight=sample_weight)


def score(solution, submission):
    for name, values in submission.items():
        if not np.isfinite(values).all():
            raise ValueError("All submission values must be finite")
        if values.min() < 0:
            raise ValueError("All predictions must be at least zero")
    add_weights(solution)
    losses = {}
    for group in GROUPS:
        cols = columns_of(group)
        normalize_probabilities_to_one(solution, cols)
        normalize_probabilities_to_one(submission, cols)
        losses[group] = log_loss(
            np.stack([solution[c] for c in cols], axis=1),
            np.stack([submission[c] for c in cols], axis=1),
            solution[f"{group}_weight"])
    healthy = [f"{g}_healthy" for g in GROUPS]
    any_true = np.max(np.stack([1 - solution[c] for c in healthy], axis=1), axis=1)
    any_pred = np.max(np.stack([1 - submission[c] for c in healthy], axis=1), axis=1)
    losses["any_injury"] = log_loss(any_true, any_pred, solution["any_injury_weight"])
    losses["score"] = float(np.mean([losses[k] for k in GROUPS + ["any_injury"]]))
    return {k: float(v) for k, v in losses.items()}


def main(train_csv, submission_csv):
    truth_ids, solution = read_table(train_csv)
    sub_ids, submission = read_table(submission_csv)
    order = {p: i for i, p in enumerate(sub_ids)}
    if sorted(order) != sorted(truth_ids):
        raise ValueError("the submission's patients are not the truth's")
    # The host merges on patient_id: align the submission's rows to the truth's.
    index = np.array([order[p] for p in truth_ids])
    submission = {k: v[index] for k, v in submission.items()}
    print(json.dumps(score(solution, submission)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
