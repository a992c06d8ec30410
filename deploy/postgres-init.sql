-- Runs once, when the PostgreSQL volume is created (docker-entrypoint-initdb.d), as POSTGRES_USER.
-- POSTGRES_DB already created `tracker` (Rasa's conversations); the threshold rules get their own.
CREATE DATABASE thresholds;
