"""Reads an iCalendar file with Debian's python3-icalendar, an RFC 5545 parser independent of the
hub's, and prints what the tests check as JSON. Exits non-zero if the file does not parse."""
import json
import sys

import icalendar

with open(sys.argv[1], "rb") as source:
    calendar = icalendar.Calendar.from_ical(source.read())

events = calendar.walk("VEVENT")
zones = calendar.walk("VTIMEZONE")
event = events[0]


def moment(name):
    value = event.get(name)
    if value is None:
        return None
    return {"tzid": value.params.get("TZID"), "value": value.dt.isoformat()}


print(json.dumps({
    "method": str(calendar.get("METHOD")),
    "prodid": str(calendar.get("PRODID")),
    "events": len(events),
    "timezones": [str(zone.get("TZID")) for zone in zones],
    "uid": str(event.get("UID")),
    "sequence": int(event.get("SEQUENCE")),
    "status": str(event.get("STATUS")),
    "dtstamp": event.decoded("DTSTAMP").isoformat(),
    "dtstart": moment("DTSTART"),
    "dtend": moment("DTEND"),
    "summary": str(event.get("SUMMARY")),
    "description": str(event.get("DESCRIPTION")),
    "location": str(event.get("LOCATION")) if event.get("LOCATION") is not None else None,
    "url": str(event.get("URL")) if event.get("URL") is not None else None,
    "organizer": {"value": str(event.get("ORGANIZER")), "cn": event.get("ORGANIZER").params.get("CN")},
    "attendees": [
        {"value": str(attendee), "role": attendee.params.get("ROLE"), "partstat": attendee.params.get("PARTSTAT"), "cn": attendee.params.get("CN")}
        for attendee in (event.get("ATTENDEE") if isinstance(event.get("ATTENDEE"), list) else [event.get("ATTENDEE")])
        if attendee is not None
    ],
}, ensure_ascii=False))
