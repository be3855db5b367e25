# One image for the five services: `python -m smart_<service>` picks the one to run.
FROM python:3.13-slim AS build
ENV UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1 UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
COPY libs ./libs
COPY services ./services
RUN uv sync --frozen --no-dev --all-packages --no-editable

FROM python:3.13-slim
RUN useradd --create-home --uid 10001 smart
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 SMART_HTTP_HOST=0.0.0.0
USER smart
EXPOSE 8000
CMD ["python", "-m", "smart_members"]
