"""The path's models, one module per stage (see docs/architecture.md)."""

from tdu.candidatures.models.candidature import Candidature, TransitionLog
from tdu.candidatures.models.commitment import Commitment, CommitmentSignature
from tdu.candidatures.models.digest import DigestLog
from tdu.candidatures.models.hiring import FollowUp, Hiring
from tdu.candidatures.models.immersion import ConventionSignature, ImmersionAssessment, ImmersionConvention
from tdu.candidatures.models.meetings import MeetingSlot
from tdu.candidatures.models.training import Absence, Enrolment

__all__ = [
    "Absence",
    "Candidature",
    "Commitment",
    "CommitmentSignature",
    "ConventionSignature",
    "DigestLog",
    "Enrolment",
    "FollowUp",
    "Hiring",
    "ImmersionAssessment",
    "ImmersionConvention",
    "MeetingSlot",
    "TransitionLog",
]
