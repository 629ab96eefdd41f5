-- Schema version 5: settings of the investigation (see ../0005_settings.sql).

CREATE TABLE settings (
    name   TEXT COLLATE "C" PRIMARY KEY,
    value  TEXT NOT NULL
);
