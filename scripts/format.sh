#!/usr/bin/env bash
# Formats the Swift sources in place with the repository's .swift-format; `--lint` only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--lint" ]; then
    exec swift format lint --strict -r Sources Tests Package.swift
fi
exec swift format format -i -r Sources Tests Package.swift
