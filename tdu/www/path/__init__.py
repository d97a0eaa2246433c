"""The path's actions and forms, shared by the candidature pages (tdu.www.candidatures) and the API
(tdu.www.api): one declaration per action, so that the API can never do what the page forbids."""
